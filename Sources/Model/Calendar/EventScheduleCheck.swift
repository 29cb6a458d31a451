extension EventSchedule {
    /// What is wrong with the schedule as a form would show it: an end before the start. Empty when it is fine.
    ///
    /// Times are compared as instants in the zone, so an event from 02:30 to 03:15 on Berlin's spring-forward night
    /// is refused: 02:30 does not occur and means 03:30, after the end.
    public var problems: [FieldProblem] {
        switch self {
        case .allDay(let first, let last, _) where last < first:
            return [FieldProblem(field: "end_date", .outOfRange, "The end date must be on or after the start date")]
        case .timed(let start, let end, let zone) where zone.resolve(end).instant <= zone.resolve(start).instant:
            return [FieldProblem(field: "end_time", .outOfRange, "The end time must be later than the start time")]
        default:
            return []
        }
    }
}
