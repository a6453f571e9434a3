import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built with Foundation's `XMLParser`, each element knowing its path
/// (`/Project/Tasks/Task[3]/Start`) so that a bad value can be named precisely.
final class XMLElementNode {
    let name: String
    let path: String
    let line: Int
    var text = ""
    var children: [XMLElementNode] = []
    private var childCounts: [String: Int] = [:]

    init(name: String, path: String, line: Int) {
        self.name = name
        self.path = path
        self.line = line
    }

    /// The first child element named `name`.
    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    /// All child elements named `name`.
    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The trimmed text of child `name`; nil when absent or empty.
    func value(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    func makeChild(_ name: String, line: Int) -> XMLElementNode {
        let n = (childCounts[name] ?? 0) + 1
        childCounts[name] = n
        let node = XMLElementNode(name: name, path: "\(path)/\(name)[\(n)]", line: line)
        children.append(node)
        return node
    }

    /// Parses `data`; throws a `DataError` naming the line and column of a syntax error.
    static func parse(_ data: Data, file: String) throws -> XMLElementNode {
        // Foundation's XMLParser traps (a crash, not an error) on an element or attribute name
        // that is not UTF-8, which libxml2's recovery mode hands it as is. Such a name can
        // only come from bytes read as UTF-8, so those must be valid UTF-8 before parsing.
        if readsAsUTF8(data), let offset = firstInvalidUTF8(data) {
            let line = data.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw DataError(file: file, line: line, path: "byte \(offset)",
                            reason: "not UTF-8 text; MS Project writes UTF-8, so the file is damaged or was saved in another encoding without saying so in its <?xml ... encoding=...?> line")
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let code = (parser.parserError as? NSError)?.code
            let error = code.map { "XMLParser error \($0)" + (XMLParser.ErrorCode(rawValue: $0).map { ": \($0)" } ?? "") } ?? "no root element"
            throw DataError(file: file, line: parser.lineNumber, path: "column \(parser.columnNumber)",
                            reason: "not well-formed XML (\(error)); the file may be truncated or not XML at all")
        }
        // libxml2 may report success for a document cut off mid-element; an element still
        // open at the end means the file is truncated.
        if let open = builder.stack.last {
            throw DataError(file: file, line: open.line, path: open.path,
                            reason: "the file ends inside this element: it is truncated or not well-formed XML")
        }
        return root
    }

    /// Whether libxml2 reads `data` as UTF-8: true unless a byte-order mark or the XML
    /// declaration names an encoding that libxml2 transcodes (to valid UTF-8) itself. An
    /// unknown or garbled declaration counts as UTF-8, so the check errs on the strict side.
    static func readsAsUTF8(_ data: Data) -> Bool {
        let head = [UInt8](data.prefix(256))
        let boms: [[UInt8]] = [[0xFE, 0xFF], [0xFF, 0xFE], [0x00, 0x00, 0xFE, 0xFF]]
        if boms.contains(where: { head.starts(with: $0) }) { return false }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>"),
              let key = text.range(of: "encoding", range: text.startIndex..<end.lowerBound) else { return true }
        let rest = text[key.upperBound..<end.lowerBound].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = String(rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " })
        let transcoded = ["iso-8859-", "latin", "windows-", "cp125", "utf-16", "ucs-2", "utf-32", "ucs-4"]
        return !transcoded.contains { name.hasPrefix($0) }
    }

    /// The byte offset of the first invalid UTF-8 sequence in `data`, or nil.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node: XMLElementNode
            if let parent = stack.last {
                node = parent.makeChild(name, line: parser.lineNumber)
            } else {
                node = XMLElementNode(name: name, path: "/\(name)", line: parser.lineNumber)
                root = node
            }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
