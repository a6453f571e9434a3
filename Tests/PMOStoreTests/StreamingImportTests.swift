import Foundation
import PMOModel
@testable import PMOStore
import XCTest

/// Importers read files in chunks (issue 21, finding 6): a file that is not what it claims
/// fails at its first bad byte, quickly and naming the position, without being read whole.
final class StreamingImportTests: XCTestCase {
    /// A sparse file of `size` zero bytes: it takes no disk space, and reading it whole
    /// takes gigabytes of memory.
    func sparseFile(_ path: String, size: UInt64 = 2 << 30) throws {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Asserts that `body` fails with a data error containing `fragments` within 10 s (generous
    /// for a loaded machine: reading 2 GB whole took 52 s before).
    func assertQuickRefusal(_ store: PortfolioStore, _ fragments: [String], _ body: () throws -> Void) throws {
        let start = Date()
        try assertDataError(store, containing: fragments, body)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testSparse2GBXMLFileIsRefusedQuicklyAtByte0() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try sparseFile(folder + "/big.xml")
        try assertQuickRefusal(store, ["big.xml:1:1", "byte 0", "a NUL byte", "not an XML document"]) {
            _ = try MSPDIImporter().importFile(at: folder + "/big.xml", into: store)
        }
    }

    func testSparse2GBCSVFileIsRefusedQuicklyAtByte0() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/bundle", withIntermediateDirectories: true)
        try sparseFile(folder + "/bundle/projects.csv")
        try assertQuickRefusal(store, ["projects.csv:1:1", "byte 0", "a NUL byte", "not a CSV file"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/bundle", into: store)
        }
    }

    func testSparse2GBJSONFileIsRefusedQuicklyAtByte0() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try sparseFile(folder + "/big.json")
        try assertQuickRefusal(store, ["big.json:1:1", "byte 0", "a NUL byte", "not a JSON document"]) {
            _ = try JSONImporter().importDocument(at: folder + "/big.json", into: store)
        }
    }

    func testSparse2GBJiraFileIsRefusedQuicklyAtByte0() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try sparseFile(folder + "/big.csv")
        try assertQuickRefusal(store, ["big.csv:1:1", "byte 0", "a NUL byte"]) {
            _ = try JiraCSVImporter().importFile(at: folder + "/big.csv", into: store)
        }
    }

    func testNULInTheMiddleOfACSVFileNamesItsLineAndColumn() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try write("id,name,phase\nP2,Tw\0o,planning\n", to: "projects.csv", in: folder + "/b")
        try assertDataError(store, containing: ["projects.csv:2:6", "byte 19", "a NUL byte"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    func testNULInTheMiddleOfAJSONFileNamesItsLineAndColumn() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("{\"projects\": [\n  {\"id\": \"P\0\"}]}", to: "in.json", in: folder)
        try assertDataError(store, containing: ["in.json:2:12", "byte 26", "a NUL byte"]) {
            _ = try JSONImporter().importDocument(at: path, into: store)
        }
    }

    func testNULInTheMiddleOfAnXMLFileNamesItsLineAndColumn() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<Project>\n<Name>x\0</Name></Project>", to: "nul.xml", in: folder)
        try assertDataError(store, containing: ["nul.xml:2:8", "byte 17", "a NUL byte"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testJSONSyntaxErrorNamesItsPosition() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("{\"projects\": [\n  {\"id\": \"P2\"} {\"id\": \"P3\"}]}", to: "in.json", in: folder)
        try assertDataError(store, containing: ["in.json:2:16", "not valid JSON", "expected ',' or ']', found '{'"]) {
            _ = try JSONImporter().importDocument(at: path, into: store)
        }
    }

    func testAnOverlongCSVRecordIsRefusedWithoutReadingTheRest() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        let path = try write("id,name,phase\nP2,\"never closed", to: "projects.csv", in: folder + "/b")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x61, count: CSVReader.maxRecordBytes + (2 << 20)))
        try handle.close()
        try assertDataError(store, containing: ["projects.csv:2", "a record longer than 16 MiB"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    // MARK: reading in chunks reads the same thing

    func testCSVReadInTinyChunksGivesTheSameRecordsAsReadWhole() throws {
        let text = "\u{FEFF}id,name\r\n\"a,\"\"b\"\"\",\"c\r\nd\"\r\n\ne,f\r\n\"\",x\ng,\"h\""
        func records(_ next: (inout [CSVReader.Field]) throws -> Bool, _ text: (CSVReader.Field) -> String?) throws -> [[String]] {
            var fields: [CSVReader.Field] = []
            var result: [[String]] = []
            while try next(&fields) { result.append(fields.map { text($0) ?? "?" }) }
            return result
        }
        var whole = CSVReader(bytes: Array(text.utf8))
        let expected = try records({ try whole.next(into: &$0) }, { whole.text($0) })
        XCTAssertEqual(expected.count, 6)
        let folder = try temporaryFolder(self)
        let path = try write(text, to: "t.csv", in: folder)
        for size in 1...9 {
            var reader = try CSVReader(input: ChunkedInput(path: path, kind: "a CSV file", rejectInvalidUTF8: false, chunkSize: size))
            XCTAssertEqual(try records({ try reader.next(into: &$0) }, { reader.text($0) }), expected, "chunks of \(size) bytes")
        }
    }

    func testUTF8SplitAcrossChunksIsValid() throws {
        let folder = try temporaryFolder(self)
        let path = try write("café ☃ 𝄞\n", to: "u.txt", in: folder)
        for size in 1...5 {
            let input = try ChunkedInput(path: path, kind: "text", rejectInvalidUTF8: true, chunkSize: size)
            XCTAssertNoThrow(try input.skipToEnd(), "chunks of \(size) bytes")
        }
    }

    func testJSONCheckInTinyChunksAcceptsValidDocuments() throws {
        let folder = try temporaryFolder(self)
        let documents = [#"{"a": [1, -0.5e+3, 0, true, false, null, "x\"\\\u00e9"], "b": {}, "c": []}"#, "  [ ]  ", "\"s\"", "-12"]
        for (i, document) in documents.enumerated() {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(document.utf8), options: .fragmentsAllowed))
            let path = try write(document, to: "\(i).json", in: folder)
            for size in [1, 2, 3, 1 << 20] {
                let input = try ChunkedInput(path: path, kind: "a JSON document", rejectInvalidUTF8: true, chunkSize: size)
                XCTAssertNoThrow(try JSONSyntaxCheck.check(input), "\(document) in chunks of \(size)")
            }
        }
    }

    func testJSONCheckRefusesWhatJSONDoesNotAllow() throws {
        let folder = try temporaryFolder(self)
        for (i, document) in ["{\"a\": 01}", "{\"a\": 1,}", "[1 2]", "{a: 1}", "[\"\t\"]", "[\"\\x\"]", "[tru]", "{} {}", "[1.]", "[", ""].enumerated() {
            let path = try write(document, to: "\(i).json", in: folder)
            let input = try ChunkedInput(path: path, kind: "a JSON document", rejectInvalidUTF8: true)
            XCTAssertThrowsError(try JSONSyntaxCheck.check(input), document)
        }
    }

    // MARK: byte order marks: only at the start of a file

    func testBOMAtTheStartOfACSVFileIsAccepted() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try write("\u{FEFF}id,name,phase\nP2,Two,planning\n", to: "projects.csv", in: folder + "/b")
        _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        XCTAssertEqual(try store.record(Project.self, id: "P2")?.name, "Two")
    }

    func testBOMAtTheStartOfACSVLineIsRefusedWithItsPosition() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try write("id,name,phase\n\u{FEFF}P2,Two,planning\n", to: "projects.csv", in: folder + "/b")
        try assertDataError(store, containing: ["projects.csv:2:1", "byte 14", "byte order mark"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    func testBOMBeforeACSVHeaderNameIsRefusedWithItsPosition() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try write("id,\u{FEFF}name,phase\nP2,Two,planning\n", to: "projects.csv", in: folder + "/b")
        try assertDataError(store, containing: ["projects.csv:1:4", "byte 3", "byte order mark"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    func testBOMAtTheStartOfAJSONFileIsAccepted() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("\u{FEFF}{\"projects\": [{\"id\": \"P2\", \"name\": \"Two\", \"phase\": \"planning\"}]}", to: "in.json", in: folder)
        _ = try JSONImporter().importDocument(at: path, into: store)
        XCTAssertEqual(try store.record(Project.self, id: "P2")?.name, "Two")
    }

    func testBOMInsideAJSONFileIsRefusedWithItsPosition() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("{\"projects\": [{\"id\": \"\u{FEFF}P2\"}]}", to: "in.json", in: folder)
        try assertDataError(store, containing: ["in.json:1:23", "byte 22", "byte order mark"]) {
            _ = try JSONImporter().importDocument(at: path, into: store)
        }
    }

    func testBOMAtTheStartOfAnXMLFileIsAccepted() throws {
        let folder = try temporaryFolder(self)
        let path = try write("\u{FEFF}<?xml version=\"1.0\"?><Project><Title>Bom</Title></Project>", to: "bom.xml", in: folder)
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).projects.first?.name, "Bom")
    }

    func testBOMInsideAnXMLFileIsRefusedWithItsPosition() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<Project><Title>\u{FEFF}Bom</Title></Project>", to: "bom.xml", in: folder)
        try assertDataError(store, containing: ["bom.xml:1:17", "byte 16", "byte order mark"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }
}

/// XML DTDs and entities are refused, never substituted or fetched (issue 21, finding 7).
final class XMLEntityTests: XCTestCase {
    func testDocumentTypeDeclarationIsRefusedByName() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY co \"Acme\">]>\n<Project><Title>&co;</Title></Project>",
                             to: "dtd.xml", in: folder)
        try assertDataError(store, containing: ["dtd.xml:2", "<!DOCTYPE Project", "pmo reads no DTD"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testExternalEntityIsRefusedAndNotRead() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let secret = try write("SECRET", to: "secret.txt", in: folder)
        let path = try write("<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY x SYSTEM \"file://\(secret)\">]>\n<Project><Title>&x;</Title></Project>",
                             to: "xxe.xml", in: folder)
        do {
            _ = try MSPDIImporter().dataset(at: path)
            XCTFail("expected a data error")
        } catch let error as DataError {
            XCTAssertTrue(error.description.contains("<!DOCTYPE Project"), "\(error)")
            XCTAssertFalse(error.description.contains("SECRET"), "\(error)")
        }
        XCTAssertEqual(try store.records(Project.self).map(\.id), ["PRJ-001"])
    }

    func testUndeclaredEntityReferenceIsRefusedByName() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<Project>\n<Title>Made by &co;</Title></Project>", to: "ent.xml", in: folder)
        try assertDataError(store, containing: ["ent.xml:2", "/Project/Title[1]", "an entity reference (&co;)"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testPredefinedEntitiesAndCharacterReferencesAreRead() throws {
        let folder = try temporaryFolder(self)
        let path = try write("<Project><Title>R&amp;D &lt;caf&#233;&gt; &quot;x&apos;</Title></Project>", to: "ok.xml", in: folder)
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).projects.first?.name, "R&D <café> \"x'")
    }

    func testCDATATextIsKept() throws {
        let folder = try temporaryFolder(self)
        let path = try write("<Project><Title><![CDATA[A & B]]></Title></Project>", to: "cdata.xml", in: folder)
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).projects.first?.name, "A & B")
    }
}

/// JSON is read in two streaming passes: a syntax check that notes the tables, then each
/// table one row at a time (issue 21, finding 6).
final class StreamingJSONTests: XCTestCase {
    func testTablesAreImportedInForeignKeyOrderWhateverTheirOrderInTheFile() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(#"{"risks": [{"id": "R9", "project_id": "P2", "title": "Late"}], "projects": [{"id": "P2", "name": "Two", "phase": "planning"}]}"#,
                             to: "in.json", in: folder)
        _ = try JSONImporter().importDocument(at: path, into: store)
        XCTAssertEqual(try store.record(Risk.self, id: "R9")?.projectId, "P2")
    }

    func testStringEscapesAreDecoded() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(#"{"projects": [{"id": "P2", "name": "A\"B\\C\/\u00e9\ud83d\ude00\tx", "phase": "planning"}]}"#, to: "in.json", in: folder)
        _ = try JSONImporter().importDocument(at: path, into: store)
        XCTAssertEqual(try store.record(Project.self, id: "P2")?.name, "A\"B\\C/é😀\tx")
    }

    func testALoneSurrogateIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(#"{"projects": [{"id": "P2", "name": "\ud83d", "phase": "planning"}]}"#, to: "in.json", in: folder)
        try assertDataError(store, containing: ["in.json", "surrogate"]) {
            _ = try JSONImporter().importDocument(at: path, into: store)
        }
    }

    func testRowsReadInTinyChunksAreTheRowsOfTheDocument() throws {
        let folder = try temporaryFolder(self)
        let text = #"{"t": [ {"a": "x,}]", "b": [1, {"c": "]"}], "n": -1.5e3}, 7, {}, {"a": null, "t": true} ], "u": {}}"#
        let path = try write(text, to: "in.json", in: folder)
        for size in [1, 2, 3, 5, 1 << 20] {
            let input = try ChunkedInput(path: path, kind: "a JSON document", rejectInvalidUTF8: true, chunkSize: size)
            let outline = try JSONSyntaxCheck.check(input)
            let table = try XCTUnwrap(outline.tables["t"])
            XCTAssertEqual(table.rows, 4)
            XCTAssertEqual(table.keys, ["a", "b", "n", "t"])
            XCTAssertEqual(outline.tables["u"]?.isArray, false)
            var reader = try JSONRowReader(input: input, offset: table.offset)
            var rows: [[String: JSONScalar]?] = []
            while let row = try reader.next() { rows.append(row) }
            XCTAssertEqual(rows, [["a": .string("x,}]"), "b": .container, "n": .number("-1.5e3")], nil, [:],
                                  ["a": .null, "t": .bool(true)]], "chunks of \(size) bytes")
        }
    }
}
