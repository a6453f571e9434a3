// pmo-bench: the benchmark suite. Run it in release mode:
//   swift run -c release pmo-bench [bridge ...] [--json FILE]
// Every figure is the median of 7 runs with its spread, and, where one exists, the ratio to
// a baseline measured in the same run (these machines are noisy; absolute times drift).
import Foundation

var args = Array(CommandLine.arguments.dropFirst())
var jsonPath: String?
if let i = args.firstIndex(of: "--json"), i + 1 < args.count {
    jsonPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
let suites: [String: () throws -> [Figure]] = ["bridge": bridgeBenchmarks]
let chosen = args.isEmpty ? suites.keys.sorted() : args
var all: [String: [Figure]] = [:]
for name in chosen {
    guard let suite = suites[name] else {
        FileHandle.standardError.write(Data("pmo-bench: unknown suite '\(name)' (have: \(suites.keys.sorted().joined(separator: ", ")))\n".utf8))
        exit(2)
    }
    print("== \(name)")
    let figures = try suite()
    printTable(figures)
    all[name] = figures
}
if let jsonPath {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(all).write(to: URL(fileURLWithPath: jsonPath))
}
