@testable import REPL

/// The REPL target's embedded chunks, for EmbeddedLuaTests. Named here, in a file that
/// imports no other target's `EmbeddedLua`: `REPL.EmbeddedLua` would look inside the class
/// `REPL`, which shadows its module's name.
let replEmbeddedChunks: [(name: String, source: String)] = EmbeddedLua.all.map { ($0.name, $0.source) }
