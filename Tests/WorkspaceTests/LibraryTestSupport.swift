import Foundation
import RuleLibraries
import Workbench
import XCTest

/// A fresh temporary folder, removed when the test ends.
func temporaryFolder(_ test: XCTestCase, _ label: String = "lib") throws -> String {
    let folder = NSTemporaryDirectory() + "pmo-\(label)-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
    return folder
}

/// Writes `text` at `folder/relative`, making folders on the way.
func write(_ text: String, to relative: String, in folder: String) throws {
    let path = folder + "/" + relative
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// A scaffolded library named `name` in `parent/name`, with `version` and extra manifest fields.
func makeLibrary(_ name: String, in parent: String, version: String = "0.1.0", manifestExtra: String? = nil) throws -> String {
    let folder = parent + "/" + name
    try LibraryScaffold(name: name).create(in: folder)
    var manifest = try String(contentsOfFile: folder + "/pmo-lib.lua", encoding: .utf8)
    manifest = manifest.replacingOccurrences(of: "version = \"0.1.0\"", with: "version = \"\(version)\"")
    if let manifestExtra {
        manifest = manifest.replacingOccurrences(of: "depends = { \"pmo >= 1.0\" },", with: manifestExtra)
    }
    try write(manifest, to: "pmo-lib.lua", in: folder)
    return folder
}
