import CLibXML2
import Foundation

/// A small element tree built with libxml2's push parser, each element knowing its path
/// (`/Project/Tasks/Task[3]/Start`) so that a bad value can be named precisely.
///
/// The file is fed to libxml2 a chunk at a time (`ChunkedInput`), so a file that is not XML
/// fails at its first bad byte without being read whole. libxml2 runs strict (no recovery:
/// the first error ends the parse, with its line and column) and reads no DTD: a document
/// type declaration is refused as soon as it starts, so no entity can be declared, no
/// entity is substituted and no external file or URL is fetched (XXE). Only the five
/// predefined entities and character references are read.
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

    /// The most text one element may hold; more is not MS Project data, and would otherwise
    /// pull the file into memory.
    static let maxTextBytes = 16 << 20

    /// Parses the file at `file`; throws a `DataError` naming the line and column of the
    /// first error.
    static func parse(file: String) throws -> XMLElementNode {
        let input = try ChunkedInput(path: file, kind: "an XML document", rejectInvalidUTF8: true)
        // libxml2 checks (and transcodes) a file in another encoding itself; in UTF-8 the bytes
        // are checked as they are read, so that a NUL, a stray byte order mark or bytes that
        // are not UTF-8 are named by offset before libxml2 sees them.
        input.checks = readsAsUTF8(input.head(256))
        input.encodingHint = " without saying so in its <?xml ... encoding=...?> line"
        var chunk: [UInt8] = []
        chunk.reserveCapacity(input.chunkSize)
        guard try input.read(appendingTo: &chunk) > 0 else {
            throw DataError(file: file, line: 1, reason: "empty file: expected an MS Project XML (MSPDI) document")
        }
        xmlInitParser()
        let builder = SAXBuilder(file: file)
        var sax = SAXBuilder.handler()
        let unmanaged = Unmanaged.passRetained(builder)
        defer { unmanaged.release() }
        // The first bytes go to the constructor, which detects the encoding from them.
        let first = min(4, chunk.count)
        guard let context = chunk.withUnsafeBufferPointer({ b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: first) { p in
                xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), p, Int32(first), file)
            }
        }) else {
            throw DataError(file: file, reason: "libxml2 could not start a parser (out of memory?)")
        }
        defer { xmlFreeParserCtxt(context) }
        builder.context = context
        // Strict (no XML_PARSE_RECOVER), no entity substitution (no XML_PARSE_NOENT), no DTD
        // loading, and never the network.
        _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        var offset = first
        var last = false
        while builder.failure == nil {
            builder.finishing = last
            let status = chunk.withUnsafeBufferPointer { b -> Int32 in
                let rest = UnsafeBufferPointer(rebasing: b[offset...])
                return rest.withMemoryRebound(to: CChar.self) { p in
                    xmlParseChunk(context, p.baseAddress, Int32(p.count), last ? 1 : 0)
                }
            }
            if status != 0, builder.failure == nil {
                builder.fail(xmlCtxtGetLastError(context))
            }
            if last { break }
            chunk.removeAll(keepingCapacity: true)
            offset = 0
            last = try input.read(appendingTo: &chunk) == 0
        }
        if let failure = builder.failure { throw failure }
        guard let root = builder.root else {
            throw DataError(file: file, reason: "no root element: not an XML document")
        }
        if let open = builder.stack.last {
            throw DataError(file: file, line: open.line, path: open.path,
                            reason: "the file ends inside this element: it is truncated or not well-formed XML")
        }
        return root
    }

    /// Whether libxml2 reads a file that starts with `head` as UTF-8: true unless a byte-order mark or the XML
    /// declaration names an encoding that libxml2 transcodes (to valid UTF-8) itself. An
    /// unknown or garbled declaration counts as UTF-8, so the check errs on the strict side.
    static func readsAsUTF8(_ head: [UInt8]) -> Bool {
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

    /// Receives libxml2's SAX events and builds the tree; refuses DTDs and entities.
    private final class SAXBuilder {
        let file: String
        var root: XMLElementNode?
        var stack: [XMLElementNode] = []
        /// The first error, which ended the parse.
        var failure: DataError?
        var context: xmlParserCtxtPtr?
        /// True while the last chunk is parsed: an error then is the end of the file.
        var finishing = false

        init(file: String) { self.file = file }

        static func from(_ ctx: UnsafeMutableRawPointer?) -> SAXBuilder {
            Unmanaged<SAXBuilder>.fromOpaque(ctx!).takeUnretainedValue()
        }

        var line: Int { context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }
        var column: Int { context.map { Int(xmlSAX2GetColumnNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

        /// Ends the parse with `error` (the first one wins).
        func stop(_ reason: String) {
            if failure == nil {
                failure = DataError(file: file, line: line, column: column, path: stack.last?.path, reason: reason)
            }
            if let context { xmlStopParser(context) }
        }

        /// Records libxml2's error as a `DataError`.
        func fail(_ error: UnsafeMutablePointer<xmlError>?) {
            guard failure == nil else { return }
            guard let e = error?.pointee else {
                failure = DataError(file: file, line: line, column: column, path: stack.last?.path, reason: "not well-formed XML")
                return
            }
            let message = e.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "error \(e.code)"
            let reason: String
            switch Int(e.code) {
            case Int(XML_ERR_UNDECLARED_ENTITY.rawValue), Int(XML_WAR_UNDECLARED_ENTITY.rawValue):
                let name = e.str1.map { String(cString: $0) } ?? "?"
                reason = "an entity reference (&\(name);): pmo reads only the predefined entities (&amp; &lt; &gt; &quot; &apos;) and character references (&#233;), never declared or external entities; write the text itself"
            case _ where finishing && !stack.isEmpty:
                reason = "the file ends inside this element: it is truncated or not well-formed XML"
            default:
                reason = "not well-formed XML (libxml2: \(message)); the file may be truncated or not XML at all"
            }
            failure = DataError(file: file, line: Int(e.line), column: e.int2 > 0 ? Int(e.int2) : nil, path: stack.last?.path, reason: reason)
        }

        func refuseDTD(_ what: String) {
            stop("\(what): pmo reads no DTD, so that no entity can stand for text it does not see and no file or URL is fetched (XXE); remove it (MS Project does not write one)")
        }

        /// The SAX handler: only what the tree needs, DTD events refused, the rest off.
        static func handler() -> xmlSAXHandler {
            var sax = xmlSAXHandler()
            sax.initialized = XML_SAX2_MAGIC
            sax.startElementNs = { ctx, localname, prefix, _, _, _, _, _, _ in
                let b = SAXBuilder.from(ctx)
                guard b.failure == nil, let localname else { return }
                var name = String(cString: localname)
                if let prefix { name = String(cString: prefix) + ":" + name }
                let node: XMLElementNode
                if let parent = b.stack.last {
                    node = parent.makeChild(name, line: b.line)
                } else {
                    node = XMLElementNode(name: name, path: "/\(name)", line: b.line)
                    b.root = node
                }
                b.stack.append(node)
            }
            sax.endElementNs = { ctx, _, _, _ in
                let b = SAXBuilder.from(ctx)
                guard b.failure == nil, !b.stack.isEmpty else { return }
                b.stack.removeLast()
            }
            let characters: charactersSAXFunc = { ctx, ch, len in
                let b = SAXBuilder.from(ctx)
                guard b.failure == nil, let node = b.stack.last, let ch, len > 0 else { return }
                guard node.text.utf8.count + Int(len) <= XMLElementNode.maxTextBytes else {
                    b.stop("more than \(XMLElementNode.maxTextBytes >> 20) MiB of text in one element: not MS Project data")
                    return
                }
                node.text += String(decoding: UnsafeBufferPointer(start: ch, count: Int(len)), as: UTF8.self)
            }
            sax.characters = characters
            sax.cdataBlock = characters
            sax.ignorableWhitespace = characters
            sax.internalSubset = { ctx, name, _, _ in
                let b = SAXBuilder.from(ctx)
                b.refuseDTD("a document type declaration (<!DOCTYPE \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            sax.externalSubset = { ctx, name, _, _ in
                SAXBuilder.from(ctx).refuseDTD("an external DTD (for <\(name.map { String(cString: $0) } ?? "")>)")
            }
            sax.entityDecl = { ctx, name, _, _, _, _ in
                SAXBuilder.from(ctx).refuseDTD("an entity declaration (<!ENTITY \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            sax.unparsedEntityDecl = { ctx, name, _, _, _ in
                SAXBuilder.from(ctx).refuseDTD("an entity declaration (<!ENTITY \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            sax.notationDecl = { ctx, name, _, _ in
                SAXBuilder.from(ctx).refuseDTD("a notation declaration (<!NOTATION \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            sax.elementDecl = { ctx, name, _, _ in
                SAXBuilder.from(ctx).refuseDTD("an element declaration (<!ELEMENT \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            sax.attributeDecl = { ctx, element, name, _, _, _, _ in
                SAXBuilder.from(ctx).refuseDTD("an attribute declaration (<!ATTLIST \(element.map { String(cString: $0) } ?? "") \(name.map { String(cString: $0) } ?? "") ...>)")
            }
            // Only the predefined entities exist; any other reference is undeclared, an error.
            sax.getEntity = { _, name in name.flatMap { xmlGetPredefinedEntity($0) } }
            sax.getParameterEntity = { _, _ in nil }
            sax.resolveEntity = { _, _, _ in nil }
            // Errors end the parse; warnings (a relative namespace URI) do not. Without this
            // handler libxml2 would print them on stderr.
            sax.serror = { ctx, error in
                guard let ctx, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                let b = SAXBuilder.from(ctx)
                b.fail(error)
                if let context = b.context { xmlStopParser(context) }
            }
            return sax
        }
    }
}
