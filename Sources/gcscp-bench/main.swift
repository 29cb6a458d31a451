import Commands
import Foundation

let bench = Command(
    name: "gcscp-bench",
    abstract: "Measure the GCSCP node against its targets; the last line of each benchmark is its figures.",
    subcommands: [ApplyBenchmark.command, HTTPBenchmark.command])

exit(bench.dispatch(Array(CommandLine.arguments.dropFirst())))
