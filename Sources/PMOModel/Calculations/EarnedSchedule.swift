/// Earned schedule (ES): the time at which the earned value was planned to be earned.
///
/// Source: Walt Lipke, "Schedule is Different", The Measurable News, March 2003; Lipke &
/// Henderson, "Earned Schedule: an emerging enhancement to EVM"; PMI Practice Standard for
/// EVM (2nd ed., 2011), appendix on earned schedule.
///
/// Time is real time, in days from the plan's start (the baseline start): the end of day `d`
/// is at `d - start + 1`. Periods of unequal length (months) therefore weigh by their length,
/// and planned duration (PD) ends at the baseline finish: months stored after it (a late
/// project's curve, padded at BAC) are not part of the plan, so a late finish shows
/// SPI(t) = PD / AT < 1 at completion, as Lipke's method requires.
///
/// ES = t_C + (EV - PV_C) / (PV_C+1 - PV_C) x (t_C+1 - t_C), where C is the last point of
/// the plan whose cumulative PV does not exceed EV (PV = 0 at time 0). Taking the *last* such
/// point means a flat stretch of the plan (nothing planned, e.g. a shutdown) is earned whole
/// once the value before it is, and no division by zero can happen. EV at or above the plan's
/// value at completion gives ES = PD: ES never extrapolates past the plan.
///
/// This is the one implementation: the store locates every project's ES as it reads the
/// curves (`EVMInputsQuery`), and `pmo.es` in the Lua stdlib computes the measures that follow
/// from ES (SV(t), SPI(t), IEAC(t), TSPI).
public struct EarnedSchedule: Hashable, Sendable {
    /// ES, in days from the plan's start.
    public let es: Double
    /// Actual time (AT), in days from the plan's start to the data date (or the actual
    /// finish, when that is earlier).
    public let at: Double
    /// Planned duration (PD), in days from the plan's start to the baseline finish.
    public let pd: Double

    /// The day ES falls on, for a plan starting on `start`: the day during which the plan
    /// reached the earned value (the end of day d is at d - start + 1).
    public func esDate(start: Day) -> Day {
        start.adding(days: max(Int(es.rounded(.up)), 1) - 1)
    }

    public init(es: Double, at: Double, pd: Double) {
        self.es = es
        self.at = at
        self.pd = pd
    }

    /// Why a project has no earned schedule.
    public enum Unavailable: Error, Hashable, Sendable {
        /// No earned value reported by the data date.
        case noEarnedValue
        /// No budget (BAC nil or zero) or no planned value: nothing to measure against.
        case noPlan
        /// The baseline has no start or no finish, or finishes before it starts.
        case noPlannedDates
        /// A period of the plan ends before the baseline start.
        case periodBeforeStart(Day)
        /// The cumulative PV decreases at this period end: not a cumulative curve.
        case decreases(Day)

        /// The reason in words, as `p:es()` reports it in `note`.
        public var note: String {
            switch self {
            case .noEarnedValue: "no earned value reported"
            case .noPlan: "no plan: no budget or no planned value"
            case .noPlannedDates: "the baseline has no start and finish"
            case .periodBeforeStart(let d): "a period of the plan ends on \(d), before the baseline start"
            case .decreases(let d): "the cumulative PV decreases at the period ending \(d)"
            }
        }
    }

    /// A plan's cumulative PV in real time, built period by period, for `locate`.
    public struct Curve: Sendable {
        public private(set) var start: Day
        public private(set) var finish: Day
        /// Days from the start to the end of each point, increasing; the last is at most PD.
        public private(set) var times: [Double] = []
        /// Cumulative PV at each point.
        public private(set) var values: [Double] = []
        /// Set once a period ends on or after the finish: later periods are not the plan.
        public private(set) var complete = false
        /// The first reason the curve cannot be used, if any.
        public private(set) var problem: Unavailable?

        /// An empty curve for a plan from `start` to `finish` (nil when finish < start).
        public init?(start: Day, finish: Day) {
            guard finish >= start else { return nil }
            self.start = start
            self.finish = finish
        }

        /// Planned duration, days.
        public var pd: Double { Double(start.days(to: finish) + 1) }

        /// Empties the curve for another plan, keeping its storage.
        public mutating func reset(start: Day, finish: Day) -> Bool {
            guard finish >= start else { return false }
            self.start = start
            self.finish = finish
            times.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            complete = false
            problem = nil
            return true
        }

        /// Adds the period ending `end` with cumulative PV `pv`. A period that ends after the
        /// finish counts as ending at the finish, and closes the plan.
        public mutating func add(periodEnd end: Day, pv: Double) {
            guard !complete, problem == nil else { return }
            if end < start { problem = .periodBeforeStart(end); return }
            if pv < (values.last ?? 0) { problem = .decreases(end); return }
            let t = Double(start.days(to: min(end, finish)) + 1)
            times.append(t)
            values.append(pv)
            if end >= finish { complete = true }
        }

        /// Locates `ev` on the curve, with AT counted to `asOf` (the data date, or the actual
        /// finish when earlier).
        public func locate(ev: Double, asOf: Day) throws(Unavailable) -> EarnedSchedule {
            if let problem { throw problem }
            guard let last = values.last, last > 0 else { throw .noPlan }
            let at = Double(max(0, start.days(to: asOf) + 1))
            // C: the last point whose PV does not exceed EV (0 is time 0, PV 0).
            var c = 0
            for i in 0..<values.count where values[i] <= ev { c = i + 1 }
            if c == values.count { return EarnedSchedule(es: pd, at: at, pd: pd) }
            let t0 = c > 0 ? times[c - 1] : 0, pv0 = c > 0 ? values[c - 1] : 0
            let es = t0 + (ev - pv0) / (values[c] - pv0) * (times[c] - t0)
            return EarnedSchedule(es: es, at: at, pd: pd)
        }
    }
}
