import Foundation
import PMOScripting
import XCTest

/// Shared helpers: the worker binary next to the test bundle, and tight limits so that the
/// adversarial cases end quickly.
enum SandboxHarness {
    /// `.build/<config>/pmo`, built because SandboxTests depends on the `pmo` target.
    static var pmoExecutable: String {
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        let candidate = dir.appendingPathComponent("pmo").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        // Bundle.main is the xctest runner on some platforms; fall back on the working tree.
        return FileManager.default.currentDirectoryPath + "/.build/debug/pmo"
    }

    /// Limits tight enough that every adversarial case ends in well under a second.
    static var tight: SandboxLimits {
        SandboxLimits(memoryBytes: 16 << 20, instructions: 20_000_000, seconds: 0.5,
                      killGraceSeconds: 0.15, printBytes: 4096)
    }
}
