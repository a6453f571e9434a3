import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The HTML report as a person sees it: headless Chromium renders the example portfolio
/// report to a PNG, and the test decodes the picture and checks that something was drawn
/// (charts and tiles in several colours), not a blank or an error page.
final class ReportScreenshotTests: XCTestCase {
    static let width = 1200, height = 1600

    func chromium() throws -> String {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if let path = ReportHarness.which(name) { return path }
        }
        throw XCTSkip("Chromium is not installed (Debian: apt-get install chromium, or tools/install-deps)")
    }

    /// Renders `html` (a file in the harness folder) to `png` with headless Chromium.
    func screenshot(_ h: ReportHarness, _ html: String, _ png: String) throws -> PNGImage {
        let r = try h.run(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--user-data-dir=" + h.path("chromium-profile"),
                           "--screenshot=" + h.path(png), "--window-size=\(Self.width),\(Self.height)",
                           "file://" + h.path(html)], executable: try chromium())
        XCTAssertEqual(r.status, 0, r.stderr)
        return try PNGImage(data: try h.contents(png))
    }

    func testThePortfolioReportRendersInChromium() throws {
        let h = try ReportHarness(self)
        let made = try h.pmoRun(ReportHarness.portfolioReport, "--format", "html", "-o", "report.html")
        XCTAssertEqual(made.status, 0, made.stderr)
        let image = try screenshot(h, "report.html", "report.png")
        XCTAssertEqual(image.width, Self.width)
        XCTAssertEqual(image.height, Self.height)

        // A page of text alone is mostly white and grey (a report holding only a table of the
        // projects measured non-white 0.06, colourful 0.000, 431 colours); the report's tiles,
        // heat map and charts colour a good part of it (measured 0.24, 0.19, 2654).
        let stats = image.statistics()
        XCTAssertGreaterThan(stats.nonWhiteShare, 0.15, "too little drawn: \(stats)")
        XCTAssertGreaterThan(stats.colourfulShare, 0.08, "too little colour (charts missing?): \(stats)")
        XCTAssertGreaterThan(stats.distinctColours, 1000, "\(stats)")

        // The same check fails on a blank page, so it measures the report, not Chromium.
        try h.write("blank.html", "<!DOCTYPE html><html><body></body></html>")
        let blank = try screenshot(h, "blank.html", "blank.png").statistics()
        XCTAssertLessThan(blank.nonWhiteShare, 0.001, "\(blank)")
    }
}

/// Just enough of PNG (ISO/IEC 15948) to read Chromium's screenshots: 8-bit RGB or RGBA,
/// not interlaced. Inflating uses the system zlib, found at run time.
struct PNGImage {
    let width: Int
    let height: Int
    /// Pixels as RGB triples, row after row.
    let rgb: [UInt8]

    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Unsupported(description: "not a PNG file")
        }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8, idat: [UInt8] = []
        var w = 0, h = 0, channels = 0
        while i + 8 <= bytes.count {
            let length = be32(i)
            let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            let body = i + 8
            guard body + length <= bytes.count else { throw Unsupported(description: "truncated chunk \(type)") }
            if type == "IHDR" {
                w = be32(body); h = be32(body + 4)
                let depth = bytes[body + 8], colour = bytes[body + 9], interlace = bytes[body + 12]
                guard depth == 8, colour == 2 || colour == 6, interlace == 0 else {
                    throw Unsupported(description: "depth \(depth), colour type \(colour), interlace \(interlace)")
                }
                channels = colour == 6 ? 4 : 3
            } else if type == "IDAT" {
                idat += bytes[body..<body + length]
            } else if type == "IEND" {
                break
            }
            i = body + length + 4   // skip the CRC
        }
        guard w > 0, h > 0 else { throw Unsupported(description: "no IHDR") }
        let rowBytes = w * channels
        let raw = try Self.inflate(idat, expected: h * (rowBytes + 1))
        // Undo the per-row filters (None, Sub, Up, Average, Paeth).
        var pixels = [UInt8](repeating: 0, count: h * rowBytes)
        for y in 0..<h {
            let filter = raw[y * (rowBytes + 1)]
            let src = y * (rowBytes + 1) + 1, dst = y * rowBytes
            for x in 0..<rowBytes {
                let a = x >= channels ? Int(pixels[dst + x - channels]) : 0
                let b = y > 0 ? Int(pixels[dst - rowBytes + x]) : 0
                let c = (x >= channels && y > 0) ? Int(pixels[dst - rowBytes + x - channels]) : 0
                let v = Int(raw[src + x])
                let out: Int
                switch filter {
                case 0: out = v
                case 1: out = v + a
                case 2: out = v + b
                case 3: out = v + (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    out = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
                default: throw Unsupported(description: "filter \(filter)")
                }
                pixels[dst + x] = UInt8(truncatingIfNeeded: out)
            }
        }
        var rgb = [UInt8](); rgb.reserveCapacity(w * h * 3)
        for p in stride(from: 0, to: pixels.count, by: channels) { rgb += pixels[p..<p + 3] }
        width = w; height = h; self.rgb = rgb
    }

    private typealias Uncompress = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?,
                                                   UnsafePointer<UInt8>?, UInt) -> Int32

    /// zlib's `uncompress`, looked up in libz.so.1 (every Debian system has it; Chromium needs it).
    static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        guard let lib = dlopen("libz.so.1", RTLD_NOW), let symbol = dlsym(lib, "uncompress") else {
            throw Unsupported(description: "libz.so.1 not found")
        }
        let uncompress = unsafeBitCast(symbol, to: Uncompress.self)
        var output = [UInt8](repeating: 0, count: expected)
        var length = UInt(expected)
        let status = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, UInt($0.count)) }
        }
        guard status == 0, Int(length) == expected else {
            throw Unsupported(description: "zlib status \(status), \(length) of \(expected) bytes")
        }
        return output
    }

    struct Statistics: CustomStringConvertible {
        var nonWhiteShare: Double
        var colourfulShare: Double
        var distinctColours: Int
        var description: String {
            String(format: "non-white %.3f, colourful %.3f, %d colours", nonWhiteShare, colourfulShare, distinctColours)
        }
    }

    /// The share of pixels that are not (near) white, of those that are saturated (not grey),
    /// and the number of distinct colours.
    func statistics() -> Statistics {
        var nonWhite = 0, colourful = 0
        var colours = Set<Int>()
        for p in stride(from: 0, to: rgb.count, by: 3) {
            let r = Int(rgb[p]), g = Int(rgb[p + 1]), b = Int(rgb[p + 2])
            if r < 245 || g < 245 || b < 245 { nonWhite += 1 }
            if max(r, g, b) - min(r, g, b) > 40 { colourful += 1 }
            colours.insert(r << 16 | g << 8 | b)
        }
        let n = Double(rgb.count / 3)
        return Statistics(nonWhiteShare: Double(nonWhite) / n, colourfulShare: Double(colourful) / n,
                          distinctColours: colours.count)
    }
}
