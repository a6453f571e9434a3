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
