/// A calendar day with no time and no time zone, written as ISO 8601 `yyyy-MM-dd`.
///
/// PMO data is about days (a status date, a baseline finish), never instants, so a day is
/// stored as a count of days since 1970-01-01 in the proleptic Gregorian calendar. That makes
/// comparison and arithmetic exact and independent of the machine's time zone.
///
/// ```swift
/// let d = Day("2026-03-31")!
/// d.adding(days: 1).description      // "2026-04-01"
/// d.addingMonths(1).description      // "2026-04-30" (clamped to the month's end)
/// ```
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int32

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day with this year, month (1-12) and day of month; nil when no such day exists
    /// (month 13, February 30th) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        self.daysSinceEpoch = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses exactly `yyyy-MM-dd`; nil for anything else, including impossible days.
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let day = utf8.withUnsafeMutableBufferPointer({ Day(isoBytes: UnsafeBufferPointer($0)) }) else {
            return nil
        }
        self = day
    }

    /// Parses exactly `yyyy-MM-dd` from UTF-8 bytes without building a String (the hot path of
    /// imports and of every query's DATE columns: each digit is read once, with no closure or
    /// range in the way).
    public init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        // A byte below '0' wraps around to a large value, so one comparison checks each digit.
        let y0 = b[0] &- 0x30, y1 = b[1] &- 0x30, y2 = b[2] &- 0x30, y3 = b[3] &- 0x30
        let m0 = b[5] &- 0x30, m1 = b[6] &- 0x30, d0 = b[8] &- 0x30, d1 = b[9] &- 0x30
        guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
        let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
        self.init(year: year, month: Int(m0) * 10 + Int(m1), day: Int(d0) * 10 + Int(d1))
    }

    /// Year, month (1-12) and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(Int(daysSinceEpoch))
    }

    /// The calendar year.
    public var year: Int { components.year }
    /// The month, 1 to 12.
    public var month: Int { components.month }
    /// The day of the month, 1 to 31.
    public var dayOfMonth: Int { components.day }

    /// ISO 8601 `yyyy-MM-dd`.
    public var description: String {
        let (y, m, d) = components
        var bytes = [UInt8](repeating: 0x30, count: 10)
        bytes[4] = 0x2D
        bytes[7] = 0x2D
        var v = y
        for i in stride(from: 3, through: 0, by: -1) { bytes[i] = UInt8(0x30 + v % 10); v /= 10 }
        bytes[5] = UInt8(0x30 + m / 10); bytes[6] = UInt8(0x30 + m % 10)
        bytes[8] = UInt8(0x30 + d / 10); bytes[9] = UInt8(0x30 + d % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The day `n` days later (earlier when negative).
    public func adding(days n: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int32(n)) }

    /// The same day of the month `n` months later, clamped to the month's last day.
    public func addingMonths(_ n: Int) -> Day {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + n
        let year = total / 12, month = total % 12 + 1
        return Day(year: year, month: month, day: min(d, Day.daysInMonth(year: year, month: month)))!
    }

    /// The last day of this day's month (time-phased periods end there).
    public var endOfMonth: Day {
        let (y, m, _) = components
        return Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m))!
    }

    /// ISO 8601 weekday: 1 for Monday to 7 for Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (weekday 4).
        let offset = (Int(daysSinceEpoch) + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// The Sunday that ends this day's ISO week (the day itself on a Sunday).
    public var weekEnding: Day { adding(days: 7 - weekday) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: Day) -> Int { Int(other.daysSinceEpoch - daysSinceEpoch) }

    /// Ordered by time.
    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Civil-calendar conversions by era arithmetic (400-year cycles of 146097 days), exact for
    // every day of years 1...9999 and free of Foundation's time-zone dependent Calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Day: Codable {
    /// Decodes from a `yyyy-MM-dd` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date (expected yyyy-MM-dd)")
        }
        self = day
    }

    /// Encodes as a `yyyy-MM-dd` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
