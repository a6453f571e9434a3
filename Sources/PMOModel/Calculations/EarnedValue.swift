/// What earned value management needs for one project at one status date.
///
/// `plannedValue` is the whole cumulative PV curve (the time-phased budget), which earned
/// schedule needs to find when the earned value was planned.
public struct EVMInputs: Hashable, Sendable {
    /// Budget at completion.
    public var bac: Double?
    /// The last period end with earned value reported (the EVM status date).
    public var statusDate: Day?
    /// Cumulative planned value at `statusDate`.
    public var pv: Double?
    /// Cumulative earned value at `statusDate`.
    public var ev: Double?
    /// Cumulative actual cost at `statusDate`.
    public var ac: Double?
    /// Cumulative PV per period, sorted by period end.
    public var plannedValue: [PeriodValue]

    /// Creates EVM inputs.
    public init(bac: Double?, statusDate: Day?, pv: Double?, ev: Double?, ac: Double?, plannedValue: [PeriodValue]) {
        self.bac = bac
        self.statusDate = statusDate
        self.pv = pv
        self.ev = ev
        self.ac = ac
        self.plannedValue = plannedValue
    }
}

/// A cumulative value at the end of a period.
public struct PeriodValue: Hashable, Sendable {
    /// Last day of the period.
    public var periodEnd: Day
    /// The cumulative value.
    public var value: Double

    /// Creates a period value.
    public init(periodEnd: Day, value: Double) {
        self.periodEnd = periodEnd
        self.value = value
    }
}

/// Earned value and earned schedule indicators.
///
/// Terms follow the PMI Practice Standard for Earned Value Management and ANSI/EIA-748;
/// earned schedule follows Lipke, "Schedule is Different" (The Measurable News, 2003).
/// An indicator is nil when an input it needs is missing or a divisor is zero.
///
/// ```swift
/// let e = EarnedValue(EVMInputs(bac: 100, statusDate: d, pv: 50, ev: 40, ac: 50, plannedValue: curve))
/// e.cpi   // 0.8  (EV / AC)
/// e.spi   // 0.8  (EV / PV)
/// e.eac   // 125  (BAC / CPI)
/// ```
public struct EarnedValue: Hashable, Sendable {
    /// Budget at completion.
    public let bac: Double?
    /// Planned value (BCWS) at the status date.
    public let pv: Double?
    /// Earned value (BCWP) at the status date.
    public let ev: Double?
    /// Actual cost (ACWP) at the status date.
    public let ac: Double?
    /// Cost variance: EV - AC (negative is over budget).
    public let cv: Double?
    /// Schedule variance: EV - PV (negative is behind).
    public let sv: Double?
    /// Cost performance index: EV / AC.
    public let cpi: Double?
    /// Schedule performance index: EV / PV.
    public let spi: Double?
    /// Estimate at completion assuming current cost efficiency continues: BAC / CPI.
    public let eac: Double?
    /// Estimate to complete: EAC - AC.
    public let etc: Double?
    /// Variance at completion: BAC - EAC.
    public let vac: Double?
    /// To-complete performance index on BAC: (BAC - EV) / (BAC - AC).
    public let tcpi: Double?
    /// Percent complete: EV / BAC * 100.
    public let percentComplete: Double?
    /// Earned schedule (ES), in periods: when the current EV was planned to be earned.
    public let es: Double?
    /// Actual time (AT), in periods: periods elapsed up to the status date.
    public let at: Double?
    /// Time-based schedule performance index, SPI(t) = ES / AT.
    public let spiT: Double?
    /// Time-based schedule variance, SV(t) = ES - AT, in periods.
    public let svT: Double?

    /// Computes the indicators from their inputs.
    public init(_ inputs: EVMInputs) {
        bac = inputs.bac; pv = inputs.pv; ev = inputs.ev; ac = inputs.ac
        func ratio(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b, b != 0 else { return nil }
            return a / b
        }
        func difference(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b else { return nil }
            return a - b
        }
        cv = difference(ev, ac)
        sv = difference(ev, pv)
        cpi = ratio(ev, ac)
        spi = ratio(ev, pv)
        eac = ratio(bac, cpi)
        etc = difference(eac, ac)
        vac = difference(bac, eac)
        tcpi = ratio(difference(bac, ev), difference(bac, ac))
        percentComplete = ratio(ev, bac).map { $0 * 100 }
        let schedule = EarnedValue.earnedSchedule(ev: ev, statusDate: inputs.statusDate, curve: inputs.plannedValue)
        es = schedule?.es
        at = schedule?.at
        spiT = ratio(es, at)
        svT = difference(es, at)
    }

    /// Lipke's ES (`EarnedSchedule.locate`, the search `p:es()` and `pmo.es` use too); AT
    /// counts the periods up to the status date. Nil for a curve that decreases.
    static func earnedSchedule(ev: Double?, statusDate: Day?, curve: [PeriodValue]) -> (es: Double, at: Double)? {
        guard let ev, let statusDate, !curve.isEmpty else { return nil }
        let at = Double(curve.prefix { $0.periodEnd <= statusDate }.count)
        guard case .earned(let es, _) = EarnedSchedule.locate(curve.lazy.map(\.value), ev: ev) else { return nil }
        return (es, at)
    }
}
