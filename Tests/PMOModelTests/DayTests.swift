import PMOModel
import XCTest

final class DayTests: XCTestCase {
    func testParsesAndPrintsISODays() {
        XCTAssertEqual(Day("2026-03-31")?.description, "2026-03-31")
        XCTAssertEqual(Day("1970-01-01")?.daysSinceEpoch, 0)
    }

    func testRejectsImpossibleDays() {
        XCTAssertNil(Day("2026-02-29"))
        XCTAssertNil(Day("2026-13-01"))
        XCTAssertNil(Day("2026-04-31"))
    }

    func testRejectsOtherFormats() {
        XCTAssertNil(Day("31/03/2026"))
        XCTAssertNil(Day("2026-3-31"))
        XCTAssertNil(Day("2026-03-31T00:00"))
        XCTAssertNil(Day(""))
    }

    func testRejectsANonDigitInEveryDigitPosition() {
        // Bytes just below '0' ('/') and just above '9' (':'), and a letter, in each position.
        for position in [0, 1, 2, 3, 5, 6, 8, 9] {
            for bad in ["/", ":", "O"] {
                var text = Array("2026-03-31")
                text[position] = Character(bad)
                XCTAssertNil(Day(String(text)), String(text))
            }
        }
        XCTAssertNil(Day("2026_03-31"))
        XCTAssertNil(Day("2026-03_31"))
    }

    func testAcceptsLeapDays() {
        XCTAssertNotNil(Day("2024-02-29"))
        XCTAssertNotNil(Day("2000-02-29"))
        XCTAssertNil(Day("1900-02-29"))
    }

    func testRoundTripsEveryDayOfFourHundredYears() {
        var day = Day(year: 1900, month: 1, day: 1)!
        for _ in 0..<146_097 {
            XCTAssertEqual(Day(day.description), day)
            day = day.adding(days: 1)
        }
        XCTAssertEqual(day.description, "2300-01-01")
    }

    func testAddingMonthsClampsToMonthEnd() {
        XCTAssertEqual(Day("2026-01-31")!.addingMonths(1).description, "2026-02-28")
        XCTAssertEqual(Day("2026-03-31")!.addingMonths(-13).description, "2025-02-28")
    }

    func testWeekdayAndWeekEnding() {
        XCTAssertEqual(Day("2026-11-27")!.weekday, 5)          // a Friday
        XCTAssertEqual(Day("1969-12-28")!.weekday, 7)          // a Sunday before the epoch
        XCTAssertEqual(Day("2026-11-27")!.weekEnding.description, "2026-11-29")
        XCTAssertEqual(Day("2026-11-29")!.weekEnding.description, "2026-11-29")
    }

    func testEndOfMonth() {
        XCTAssertEqual(Day("2024-02-10")!.endOfMonth.description, "2024-02-29")
    }

    func testCodesAsISOString() throws {
        let json = try JSONEncoder().encode([Day("2026-03-31")!])
        XCTAssertEqual(String(decoding: json, as: UTF8.self), "[\"2026-03-31\"]")
        XCTAssertThrowsError(try JSONDecoder().decode([Day].self, from: Data("[\"2026-02-30\"]".utf8)))
    }
}
