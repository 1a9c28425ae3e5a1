/// A DICOM value representation: the two ASCII letters that say how a value is encoded.
public struct DICOMVR: Hashable, Sendable, CustomStringConvertible {
    public let code: UInt16

    init(_ first: UInt8, _ second: UInt8) { code = UInt16(first) << 8 | UInt16(second) }

    init(_ name: StaticString) {
        let p = name.utf8Start
        self.init(p[0], p[1])
    }

    public var description: String { String(decoding: [UInt8(code >> 8), UInt8(code & 0xFF)], as: UTF8.self) }

    var bytes: [UInt8] { [UInt8(code >> 8), UInt8(code & 0xFF)] }

    /// Both letters uppercase A-Z, as every standard VR is.
    var isWellFormed: Bool {
        let a = UInt8(code >> 8), b = UInt8(code & 0xFF)
        return (65...90).contains(a) && (65...90).contains(b)
    }

    /// In explicit-VR encodings these VRs carry 2 reserved bytes and a 4-byte length;
    /// all others a 2-byte length (PS3.5 section 7.1.2).
    var hasLongLength: Bool { Self.longLength.contains(self) }

    private static let longLength: Set<DICOMVR> = [.OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV]

    public static let AE = DICOMVR("AE"), AS = DICOMVR("AS"), CS = DICOMVR("CS"), DA = DICOMVR("DA")
    public static let DS = DICOMVR("DS"), DT = DICOMVR("DT"), IS = DICOMVR("IS"), LO = DICOMVR("LO")
    public static let LT = DICOMVR("LT"), PN = DICOMVR("PN"), SH = DICOMVR("SH"), ST = DICOMVR("ST")
    public static let TM = DICOMVR("TM"), UC = DICOMVR("UC"), UI = DICOMVR("UI"), UR = DICOMVR("UR")
    public static let UT = DICOMVR("UT"), OB = DICOMVR("OB"), OD = DICOMVR("OD"), OF = DICOMVR("OF")
    public static let OL = DICOMVR("OL"), OV = DICOMVR("OV"), OW = DICOMVR("OW"), SQ = DICOMVR("SQ")
    public static let SV = DICOMVR("SV"), UN = DICOMVR("UN"), UV = DICOMVR("UV"), US = DICOMVR("US")
    public static let UL = DICOMVR("UL"), SS = DICOMVR("SS"), SL = DICOMVR("SL")
}
