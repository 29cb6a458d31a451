/// One SQLite value: the five storage classes.
public enum DatabaseValue: Hashable, Sendable {
    /// A signed 64-bit integer.
    case integer(Int64)
    /// An IEEE double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])
    /// SQL NULL.
    case null
}

/// A Swift value that can be bound to a statement parameter.
///
/// Conforming types: `Int64`, `Int`, `Int32`, `Bool`, `Double`, `String`, `[UInt8]` (a blob), `DatabaseValue`,
/// and `Optional` of any of them (`nil` binds NULL). Unsigned 64-bit values have no conformance on purpose:
/// SQLite integers are signed, so the caller decides how a value above `Int64.max` is handled.
public protocol Bindable {
    /// The value as SQLite stores it.
    var databaseValue: DatabaseValue { get }
}

extension DatabaseValue: Bindable {
    /// The value itself.
    public var databaseValue: DatabaseValue { self }
}

extension Int64: Bindable {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(self) }
}

extension Int: Bindable {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
}

extension Int32: Bindable {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
}

extension Bool: Bindable {
    /// 1 for true, 0 for false, as SQLite represents booleans.
    public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
}

extension Double: Bindable {
    /// A real.
    public var databaseValue: DatabaseValue { .real(self) }
}

extension String: Bindable {
    /// UTF-8 text.
    public var databaseValue: DatabaseValue { .text(self) }
}

extension Array: Bindable where Element == UInt8 {
    /// A blob (an empty array is an empty blob, not NULL).
    public var databaseValue: DatabaseValue { .blob(self) }
}

extension Optional: Bindable where Wrapped: Bindable {
    /// The wrapped value, or NULL.
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
}
