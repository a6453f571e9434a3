import Foundation

/// One run of a command: wall time, peak resident memory and its output.
struct ProcessRun {
    var seconds: Double
    var maxRSSMiB: Double
    var status: Int32
    var stdout: String
    var stderr: String

    /// A `name value` line the script printed on stderr (its own timings), in seconds.
    func reported(_ name: String) -> Double? {
        for line in stderr.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == name { return Double(parts[1]) }
        }
        return nil
    }
}

/// `pmo-bench-run`, built beside this executable: it forks the command from a process of
/// about 1 MiB and reports its status, wall time and peak RSS (see its main.c for why the
/// peak RSS of a command started straight from here would be wrong).
let runner: String = {
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (me as NSString).deletingLastPathComponent + "/pmo-bench-run"
}()

/// Runs a command with stdin from /dev/null through `pmo-bench-run`.
func runProcess(_ args: [String], environment: [String: String] = [:]) throws -> ProcessRun {
    let dir = FileManager.default.temporaryDirectory
    let out = dir.appendingPathComponent("pmo-bench-\(getpid())-out").path
    let err = dir.appendingPathComponent("pmo-bench-\(getpid())-err").path
    let report = dir.appendingPathComponent("pmo-bench-\(getpid())-report").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, report, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let argv = ([runner, out, err] + args).map { strdup($0) } + [nil]
    defer {
        envp.forEach { free($0) }
        argv.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, runner, &actions, nil, argv, envp)
    guard rc == 0 else { throw BenchError("cannot start \(runner): \(String(cString: strerror(rc))) (build it: swift build -c release)") }
    var status: Int32 = 0
    _ = waitpid(pid, &status, 0)
    let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(separator: " ")
    guard status == 0, fields.count == 3, let code = Int32(fields[0]), let seconds = Double(fields[1]),
          let kib = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw BenchError("pmo-bench-run failed for \(args.joined(separator: " "))")
    }
    if code == 127 { throw BenchError("cannot start \(args[0])") }
    return ProcessRun(seconds: seconds, maxRSSMiB: kib / 1024, status: code,
                      stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// What `measureProcess` reports for one command.
typealias Measured = (wall: Figure, body: Figure?, rss: Figure, output: String)

/// One command to measure: its figure name, its arguments, and the name of a time it prints
/// itself on stderr (`body 0.123`), if any.
struct Command {
    let name: String
    let args: [String]
    var reported: String? = nil
}

/// Runs a command `runs` times (after a warm-up) and reports medians of wall time, of a
/// time the command printed itself, and of peak RSS. Fails if any run fails.
func measureProcess(_ name: String, _ args: [String], reported: String? = nil, runs: Int = 7) throws -> Measured {
    try measureAlternating([Command(name: name, args: args, reported: reported)], runs: runs)[0]
}

/// Measures commands in turn, run by run (a, b, a, b...), so that each comparison's runs
/// share whatever else the machine does meanwhile: on this VM the speed drifts by a third
/// over seconds, and two blocks of runs one after the other could each catch another phase.
func measureAlternating(_ commands: [Command], runs: Int = 7) throws -> [Measured] {
    var walls = Array(repeating: [Double](), count: commands.count)
    var bodies = walls, rss = walls
    var outputs = Array(repeating: "", count: commands.count)
    for i in 0...runs {
        for (c, command) in commands.enumerated() {
            let r = try runProcess(command.args)
            guard r.status == 0 else {
                throw BenchError("\(command.args.joined(separator: " ")) exited \(r.status): \(r.stderr.prefix(2000))")
            }
            outputs[c] = r.stdout
            if i == 0 { continue }   // warm-up: page cache, dynamic linking
            walls[c].append(r.seconds * 1000)
            rss[c].append(r.maxRSSMiB)
            if let reported = command.reported, let b = r.reported(reported) { bodies[c].append(b * 1000) }
        }
    }
    return commands.indices.map { c in
        let name = commands[c].name
        return (figure(name + " (wall)", "ms", walls[c]),
                bodies[c].isEmpty ? nil : figure(name + " (" + (commands[c].reported ?? "") + ")", "ms", bodies[c]),
                figure(name + " (peak RSS)", "MiB", rss[c]), outputs[c])
    }
}
