// pmo-bench: the benchmark suite. Run it in release mode:
//   swift build -c release && .build/release/pmo-bench [bridge|portfolio|startup|fields|store ...]
//       [--projects 1000,10000] [--json FILE] [--plot FILE.svg]
//   .build/release/pmo-bench --replot FILE.json --projects 1000,10000,100000 --plot FILE.svg
//       redraws the plot from a run's JSON, running nothing.
// Run from the repository root: it starts .build/release/pmo and lua5.4.
// Every figure is the median of 7 runs with its spread, and, where one exists, the ratio to
// a baseline measured in the same run (these machines are noisy; absolute times drift).
import Foundation

var args = Array(CommandLine.arguments.dropFirst())
var jsonPath: String?
if let i = args.firstIndex(of: "--json"), i + 1 < args.count {
    jsonPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
var plotPath: String?
if let i = args.firstIndex(of: "--plot"), i + 1 < args.count {
    plotPath = args[i + 1]
    args.removeSubrange(i...(i + 1))
}
var sizes = [1_000, 10_000]
if let i = args.firstIndex(of: "--projects"), i + 1 < args.count {
    sizes = args[i + 1].split(separator: ",").compactMap { Int($0) }
    args.removeSubrange(i...(i + 1))
}
if let i = args.firstIndex(of: "--replot"), i + 1 < args.count {
    let data = try Data(contentsOf: URL(fileURLWithPath: args[i + 1]))
    guard let plotPath, let portfolio = try JSONDecoder().decode([String: [Figure]].self, from: data)["portfolio"] else {
        FileHandle.standardError.write(Data("pmo-bench: --replot needs --plot FILE.svg and a JSON file with a portfolio suite\n".utf8))
        exit(2)
    }
    try writeScalingPlot(portfolio, sizes: sizes, to: plotPath)
    exit(0)
}
let tools = Tools()
let suites: [String: () throws -> [Figure]] = [
    "bridge": bridgeBenchmarks,
    "portfolio": { try portfolioBenchmarks(sizes: sizes, tools: tools) },
    "startup": { try startupBenchmarks(tools: tools) },
    "fields": { try fieldReadBenchmarks(tools: tools) },
    "store": { try storeBenchmarks(sizes: sizes, tools: tools) },
]
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
if let plotPath, let portfolio = all["portfolio"] {
    try writeScalingPlot(portfolio, sizes: sizes, to: plotPath)
}
if let jsonPath {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(all).write(to: URL(fileURLWithPath: jsonPath))
}
