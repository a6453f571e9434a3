import Foundation
import PMOModel

/// Seeded mutations of valid import files, for `ImportFuzzTests`: byte-level damage (flips,
/// truncation, splices, random bytes) and structure-aware changes that keep a file parseable
/// enough to reach the importers' deeper checks (a field set to an awkward value, a row
/// duplicated, a column or element dropped). The same seed gives the same inputs.
struct ImportMutator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Values that have broken parsers before: number edges, dates that do not exist, quoting
    /// and line-ending characters, non-UTF-8 bytes, and long text.
    static let awkward: [String] = [
        "", " ", "-1", "0", "-0", "1e309", "-1e309", "NaN", "inf", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1.5", "0x10",
        "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "-2026-01-01", "2026-1-1",
        "2026-06-30T25:61:00", "P-1D", "PT999999999999H0M0S", "PT", "\"", "\"\"", ",", "\n", "\r\n",
        "\r", "<", "&amp;", "&#0;", "&#xFFFFFF;", "]]>", "\u{0}", "\u{FEFF}", "é", "😀", "true",
        "false", "null", "[]", "{}", String(repeating: "x", count: 70_000),
    ]

    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(random.next() % UInt64(n)) }
    mutating func chance(_ oneIn: Int) -> Bool { int(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    mutating func awkwardValue() -> String { pick(Self.awkward) }

    /// One to three damage steps, each byte-level or structural. `others` are the other
    /// seeds of the same format, for splices.
    mutating func mutate(_ input: [UInt8], others: [[UInt8]], structure: (inout ImportMutator, [UInt8]) -> [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...int(3) {
            if chance(2) {
                bytes = structure(&self, bytes)
            } else {
                bytes = damage(bytes, others: others)
            }
        }
        return bytes
    }

    /// Byte-level damage.
    mutating func damage(_ input: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var b = input
        switch int(7) {
        case 0: // bit flips
            for _ in 0...int(8) where !b.isEmpty { b[int(b.count)] ^= UInt8(1 << int(8)) }
        case 1: // truncation
            b = Array(b.prefix(int(b.count + 1)))
        case 2: // random bytes inserted
            let at = int(b.count + 1)
            b.insert(contentsOf: (0..<(1 + int(16))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        case 3: // a range deleted
            if !b.isEmpty {
                let from = int(b.count), to = min(b.count, from + 1 + int(200))
                b.removeSubrange(from..<to)
            }
        case 4: // a range duplicated
            if !b.isEmpty {
                let from = int(b.count), to = min(b.count, from + 1 + int(500))
                b.insert(contentsOf: b[from..<to], at: int(b.count + 1))
            }
        case 5: // a splice: our head, another seed's tail
            let other = others.isEmpty ? b : pick(others)
            b = Array(b.prefix(int(b.count + 1))) + Array(other.suffix(int(other.count + 1)))
        default: // an awkward value dropped in anywhere
            b.insert(contentsOf: Array(awkwardValue().utf8), at: int(b.count + 1))
        }
        return b
    }

    // MARK: structure-aware

    /// CSV: fields and records changed as text, header included.
    mutating func csv(_ input: [UInt8]) -> [UInt8] {
        var lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return input }
        let i = int(lines.count)
        switch int(6) {
        case 0: // one field set to an awkward value (quoted or not)
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if !fields.isEmpty {
                let v = awkwardValue()
                fields[int(fields.count)] = chance(2) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
            }
            lines[i] = fields.joined(separator: ",")
        case 1: // a record duplicated (a duplicate key, or a second header)
            lines.insert(lines[i], at: int(lines.count + 1))
        case 2: // a record removed (a parent a later row needs, or the header)
            lines.remove(at: i)
        case 3: // a column dropped from one line only
            var fields = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 1 { fields.remove(at: int(fields.count)) }
            lines[i] = fields.joined(separator: ",")
        case 4: // two records swapped (a child before its parent)
            lines.swapAt(i, int(lines.count))
        default: // an unknown column added to the header (a custom field) or a column renamed
            lines[0] += chance(2) ? "," + awkwardValue() : ",x_custom"
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// JSON: a value somewhere in the document replaced, removed or duplicated.
    mutating func json(_ input: [UInt8]) -> [UInt8] {
        guard var document = try? JSONSerialization.jsonObject(with: Data(input), options: [.fragmentsAllowed]) else {
            return damage(input, others: [])
        }
        document = alter(document, depth: 0)
        // Keys sorted: a dictionary's order changes from one process to the next, and the
        // steps after this one damage bytes by offset, so the same seed must give the same text.
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed, .sortedKeys]) else { return input }
        return [UInt8](data)
    }

    mutating func awkwardJSON() -> Any {
        switch int(10) {
        case 0: return NSNull()
        case 1: return chance(2)
        case 2: return pick([1e300, -1e300, 9.3e18, -9.3e18, 0.5, -0.0, 1e-320, Double(Int64.max)])
        case 3: return pick([Int.max, Int.min, 0, -1])
        case 4: return [awkwardValue()]
        case 5: return ["k": awkwardValue()]
        default: return awkwardValue()
        }
    }

    mutating func alter(_ value: Any, depth: Int) -> Any {
        if var object = value as? [String: Any], !object.isEmpty {
            let key = pick(object.keys.sorted())
            switch int(depth < 3 ? 5 : 3) {
            case 0: object[key] = awkwardJSON()
            case 1: object[key] = nil
            case 2: object[chance(2) ? awkwardValue() : key + "_x"] = object[key]
            default: object[key] = alter(object[key]!, depth: depth + 1)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty {
            let i = int(array.count)
            switch int(depth < 3 ? 5 : 3) {
            case 0: array[i] = awkwardJSON()
            case 1: array.remove(at: i)
            case 2: array.append(array[i])
            default: array[i] = alter(array[i], depth: depth + 1)
            }
            return array
        }
        return awkwardJSON()
    }

    /// XML: an element's text replaced, an element dropped or duplicated, a tag renamed.
    mutating func xml(_ input: [UInt8]) -> [UInt8] {
        var text = String(decoding: input, as: UTF8.self)
        // Elements with text content: `<Name>value</Name>`.
        let pattern = try! NSRegularExpression(pattern: "<([A-Za-z]+)>([^<]*)</\\1>")
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return damage(input, others: []) }
        let m = pick(matches)
        guard let whole = Range(m.range, in: text), let value = Range(m.range(at: 2), in: text),
              let name = Range(m.range(at: 1), in: text) else { return input }
        let element = String(text[whole])
        switch int(4) {
        case 0:
            let v = awkwardValue()
            text.replaceSubrange(value, with: chance(2) ? v : v.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))
        case 1: text.replaceSubrange(whole, with: "")
        case 2: text.replaceSubrange(whole, with: element + element)
        default:
            let tag = String(text[name])
            text.replaceSubrange(whole, with: element.replacingOccurrences(of: tag, with: pick(["UID", "Task", "Start", "Baseline", "Project", "X"])))
        }
        return Array(text.utf8)
    }
}
