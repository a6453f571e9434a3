/// Lua source text as a file holds it.
public enum LuaSourceText {
    /// Blanks a first line starting with '#' (a shebang), keeping line numbers, as luaL_loadfile does.
    public static func skippingShebang(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.first == UInt8(ascii: "#") else { return bytes }
        guard let nl = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [] }
        return Array(bytes[nl...])
    }
}
