import Foundation

/// Writes an SVG with two panels (time and peak memory against the number of projects) from
/// the portfolio suite's figures: one line per series, log-log axes, points labelled.
func writeScalingPlot(_ figures: [Figure], sizes: [Int], to path: String) throws {
    // Series: the figure names without their ", N projects" part.
    func series(_ suffix: String) -> [(String, [(Double, Double)])] {
        var out: [String: [(Double, Double)]] = [:]
        for f in figures where f.name.hasSuffix(suffix) {
            for n in sizes where f.name.contains(", \(n) projects") {
                let label = f.name.replacingOccurrences(of: ", \(n) projects", with: "")
                    .replacingOccurrences(of: suffix, with: "")
                out[label, default: []].append((Double(n), f.median))
            }
        }
        return out.keys.sorted().map { ($0, out[$0]!.sorted { $0.0 < $1.0 }) }
    }
    let time = series(" (body)"), memory = series(" (peak RSS)")
    let colours = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c"]
    let dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
    var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="1000" height="420" font-family="sans-serif" font-size="12">
        <rect width="1000" height="420" fill="white"/>

        """
    func panel(_ x0: Double, _ title: String, _ unit: String, _ data: [(String, [(Double, Double)])]) {
        let w = 380.0, h = 280.0, top = 50.0, left = x0 + 80   // room for "100000 ms"
        let xs = data.flatMap { $0.1.map(\.0) }, ys = data.flatMap { $0.1.map(\.1) }.filter { $0 > 0 }
        guard let xmin = xs.min(), let xmax = xs.max(), let ymin = ys.min(), let ymax = ys.max() else { return }
        let lx0 = log10(xmin), lx1 = max(log10(xmax), lx0 + 1)
        let ly0 = floor(log10(ymin)), ly1 = max(ceil(log10(ymax)), ly0 + 1)
        func px(_ v: Double) -> Double { left + (log10(v) - lx0) / (lx1 - lx0) * w }
        func py(_ v: Double) -> Double { top + h - (log10(max(v, 1e-9)) - ly0) / (ly1 - ly0) * h }
        svg += "<text x=\"\(left)\" y=\"30\" font-size=\"14\" font-weight=\"bold\">\(title)</text>\n"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(w)\" height=\"\(h)\" fill=\"none\" stroke=\"#999\"/>\n"
        var e = ly0
        while e <= ly1 {
            let y = py(pow(10, e))
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + w)\" y2=\"\(y)\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(formatTick(pow(10, e))) \(unit)</text>\n"
            e += 1
        }
        for n in sizes {
            let x = px(Double(n))
            svg += "<text x=\"\(x)\" y=\"\(top + h + 18)\" text-anchor=\"middle\">\(n)</text>\n"
        }
        svg += "<text x=\"\(left + w / 2)\" y=\"\(top + h + 36)\" text-anchor=\"middle\">projects (log scale)</text>\n"
        for (i, (label, points)) in data.enumerated() {
            let c = colours[i % colours.count], d = dashes[i % dashes.count]
            let path = points.map { "\(px($0.0)),\(py($0.1))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\" stroke-dasharray=\"\(d)\"/>\n"
            for p in points {
                svg += "<circle cx=\"\(px(p.0))\" cy=\"\(py(p.1))\" r=\"3.5\" fill=\"\(c)\"><title>\(label): \(String(format: "%.1f", p.1)) \(unit) at \(Int(p.0)) projects</title></circle>\n"
            }
            let ly = top + h + 56 + Double(i) * 16
            svg += "<line x1=\"\(left)\" y1=\"\(ly - 4)\" x2=\"\(left + 24)\" y2=\"\(ly - 4)\" stroke=\"\(c)\" stroke-width=\"2\" stroke-dasharray=\"\(d)\"/>"
            svg += "<text x=\"\(left + 30)\" y=\"\(ly)\">\(label)</text>\n"
        }
    }
    panel(0, "Time (script body, median)", "ms", time)
    panel(500, "Peak memory (RSS, median)", "MiB", memory)
    svg += "</svg>\n"
    svg = svg.replacingOccurrences(of: "height=\"420\"", with: "height=\"\(420 + 16 * max(time.count, memory.count))\"")
    try svg.write(toFile: path, atomically: true, encoding: .utf8)
}

func formatTick(_ v: Double) -> String {
    v >= 1 ? String(Int(v)) : String(format: "%g", v)
}
