import Foundation

/// One measured figure: the median of repeated runs, with the spread.
struct Figure: Codable {
    var name: String
    var unit: String
    var median: Double
    var min: Double
    var max: Double
    var runs: Int
    /// The figure this one is compared with, measured in the same run.
    var baseline: String?
    var ratio: Double?
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Runs `body` `runs` times (after one warm-up) and returns the median and spread of the values
/// it reports.
func measure(_ name: String, unit: String, runs: Int = 7, _ body: () throws -> Double) rethrows -> Figure {
    _ = try body()
    var values: [Double] = []
    for _ in 0..<runs { values.append(try body()) }
    return figure(name, unit, values)
}

/// The median and spread of measured values.
func figure(_ name: String, _ unit: String, _ values: [Double]) -> Figure {
    let s = values.sorted()
    return Figure(name: name, unit: unit, median: s[s.count / 2], min: s.first!, max: s.last!, runs: s.count)
}

func compare(_ figure: Figure, to baseline: Figure) -> Figure {
    var f = figure
    f.baseline = baseline.name
    f.ratio = figure.median / baseline.median
    return f
}

func printTable(_ figures: [Figure]) {
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    let width = (figures.map(\.name.count).max() ?? 0) + 2
    print(pad("benchmark", width) + pad("median", 16) + pad("spread", 22) + "ratio")
    for f in figures {
        let spread = String(format: "%.1f-%.1f", f.min, f.max)
        let ratio = f.ratio.map { String(format: "%.2fx %@", $0, f.baseline ?? "") } ?? ""
        print(pad(f.name, width) + pad(String(format: "%.1f %@", f.median, f.unit), 16) + pad(spread, 22) + ratio)
    }
}
