/// Where earned value lies on a cumulative PV curve: Lipke's earned schedule,
/// ES = C + (EV - PV_C) / (PV_C+1 - PV_C), where C is the largest number of whole periods
/// whose cumulative PV does not exceed EV (Lipke, "Schedule is Different", The Measurable
/// News, 2003).
///
/// The same search, step for step, as `pmo.es.earned_schedule` in the Lua stdlib, which
/// documents the rule and its edge cases: the host runs it while it reads the curves, so a
/// portfolio's earned schedule costs no Lua table of PV values (a test holds the two equal on
/// random curves), and `EarnedValue` uses it for the Swift reports.
public enum EarnedSchedule: Equatable, Sendable {
    /// C whole periods earned and ES in periods. When every planned value is earned
    /// (C = n), ES is exactly n, as the Lua function returns the integer n.
    case earned(es: Double, c: Int)
    /// The curve decreases at `period` (1-based): not a cumulative curve, and no ES.
    case decreases(period: Int)

    /// Locates `ev` on the cumulative PV values `pv` (PV_0 = 0 is implied). Inlinable, so
    /// that a caller in another module gets it made for its own collection: unspecialized, it
    /// read each value through the protocol's witnesses, and cost the portfolio load more than
    /// the rest of its scan of the curves.
    @inlinable
    public static func locate<C: RandomAccessCollection>(_ pv: C, ev: Double) -> EarnedSchedule
    where C.Element == Double, C.Index == Int {
        let n = pv.count
        var c = 0
        var prev = 0.0
        for i in 0..<n {
            let v = pv[pv.startIndex + i]
            if v < prev { return .decreases(period: i + 1) }
            if v <= ev { c = i + 1 }
            prev = v
        }
        if c == n { return .earned(es: Double(n), c: n) }
        let pvC = c > 0 ? pv[pv.startIndex + c - 1] : 0
        return .earned(es: Double(c) + (ev - pvC) / (pv[pv.startIndex + c] - pvC), c: c)
    }
}
