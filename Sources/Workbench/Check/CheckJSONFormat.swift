import Foundation
import RuleLibraries

/// `pmo check --format json`: one document with the verdict, the counts and every result.
/// Keys are sorted and results ordered by id then object, so the same portfolio gives the
/// same bytes on every run (a diff shows only what changed). Absent values are left out.
public enum CheckJSONFormat {
    struct Document: Encodable {
        var asof: String
        var fail_on: String
        var failed: Bool
        var breaches: Int
        var counts: [String: Int]
        var results: [Result]
    }

    struct Result: Encodable {
        var id: String
        var kind: String
        var title: String
        var version: String
        var object_kind: String
        var object_id: String
        var object_name: String?
        var value: Double?
        var unit: String?
        var rag: String?
        var passed: Bool?
        var severity: String?
        var message: String?
        var detail: String?
        var error: String?
        var breach: Bool
    }

    /// The report as pretty-printed JSON, ending with a newline.
    public static func render(_ report: CheckReport) throws -> String {
        let document = Document(
            asof: report.asof, fail_on: report.failOn, failed: report.failed,
            breaches: report.breaches.count, counts: report.counts(),
            results: report.results.map { r in
                Result(id: r.id, kind: r.kind, title: r.title, version: r.version, object_kind: r.objectKind,
                       object_id: r.objectId, object_name: r.objectName, value: r.value, unit: r.unit, rag: r.rag,
                       passed: r.passed, severity: r.severity, message: r.message, detail: r.detail, error: r.error,
                       breach: r.breached)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A user's KPI may return 1/0 or 0/0; JSON has no such numbers, so say them as text
        // rather than fail the whole report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
