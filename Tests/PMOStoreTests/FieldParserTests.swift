import PMOModel
@testable import PMOStore
import XCTest

final class FieldParserTests: XCTestCase {
    let real = ColumnSchema(name: "bac", type: .real, required: false, references: nil, allowedValues: nil)
    let integer = ColumnSchema(name: "priority", type: .integer, required: false, references: nil, allowedValues: nil)

    func parsed(_ text: String, _ column: ColumnSchema) -> FieldValue? {
        try? FieldParser.parse(text, for: column).get()
    }

    func testNumbersAcceptDecimalsSignsAndExponents() {
        XCTAssertEqual(parsed("1250000.5", real), .real(1_250_000.5))
        XCTAssertEqual(parsed("-0.25", real), .real(-0.25))
        XCTAssertEqual(parsed("1.5e6", real), .real(1_500_000))
        XCTAssertEqual(parsed("+3", real), .real(3))
    }

    func testNumbersRefuseWhatASpreadsheetUserDidNotMean() {
        for text in ["12,5", "1 000", "nan", "inf", "0x10", "12k", ".", "-", "1e", " 12"] {
            XCTAssertNil(parsed(text, real), text)
        }
    }

    func testWholeNumbersRefuseFractions() {
        XCTAssertEqual(parsed("-14", integer), .integer(-14))
        XCTAssertNil(parsed("1.5", integer))
    }

    func testDecimalFastPathGivesTheSameDoubleAsTheStandardParser() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<100_000 {
            let whole = rng.int(0...999_999_999), fraction = rng.int(0...99_999)
            let digits = rng.int(0...5)
            var text = String(whole)
            if digits > 0 { text += "." + String(String(fraction).prefix(digits)) }
            if rng.chance(0.3) { text = "-" + text }
            let fast = Array(text.utf8).withUnsafeBufferPointer { FieldParser.decimal($0) }
            XCTAssertEqual(fast, Double(text), text)
            if fast != Double(text) { return }
        }
    }

    func testFastPathLeavesLongOrExponentNumbersToTheGeneralParser() {
        for text in ["1234567890123456", "1e5", "1,5", ""] where !text.isEmpty {
            XCTAssertNil(Array(text.utf8).withUnsafeBufferPointer { FieldParser.decimal($0) }, text)
        }
    }

    func testDatesAreCheckedAndKeptAsISOText() {
        let date = ColumnSchema(name: "report_date", type: .date, required: true, references: nil, allowedValues: nil)
        XCTAssertEqual(parsed("2026-03-31", date), .text("2026-03-31"))
        XCTAssertNil(parsed("31/03/2026", date))
        XCTAssertNil(parsed("", date))
    }

    func testYesNoValues() {
        let flag = ColumnSchema(name: "is_summary", type: .boolean, required: false, references: nil, allowedValues: nil)
        XCTAssertEqual(parsed("true", flag), .integer(1))
        XCTAssertEqual(parsed("No", flag), .integer(0))
        XCTAssertNil(parsed("maybe", flag))
    }
}

final class CSVReaderTests: XCTestCase {
    func records(_ text: String) throws -> [[String]] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var fields: [CSVReader.Field] = []
        var result: [[String]] = []
        while try reader.next(into: &fields) { result.append(fields.map { reader.text($0)! }) }
        return result
    }

    func testEmptyFieldsAndATrailingComma() throws {
        XCTAssertEqual(try records("a,,c,\n"), [["a", "", "c", ""]])
    }

    func testLastLineWithoutALineBreak() throws {
        XCTAssertEqual(try records("a,b\r\nc,d"), [["a", "b"], ["c", "d"]])
    }

    func testQuotedFieldsKeepCommasLineBreaksAndQuotes() throws {
        XCTAssertEqual(try records("\"a,b\",\"c\nd\",\"e\"\"f\"\n"), [["a,b", "c\nd", "e\"f"]])
    }

    func testLineNumbersCountLineBreaksInsideQuotes() throws {
        var reader = CSVReader(bytes: Array("h\n\"x\ny\"\nz\n".utf8))
        var fields: [CSVReader.Field] = []
        _ = try reader.next(into: &fields)
        _ = try reader.next(into: &fields)
        XCTAssertEqual(reader.recordLine, 2)
        _ = try reader.next(into: &fields)
        XCTAssertEqual(reader.recordLine, 4)
    }

    func testAStrayQuoteIsAnError() {
        XCTAssertThrowsError(try records("ab\"c,d\n"))
        XCTAssertThrowsError(try records("\"ab\"c,d\n"))
    }
}
