import Lang
import Testing

/// The augmentation syntax as the issue and DESIGN.md write it.
@Suite struct CompositionSyntaxTests {
    @Test func compositionsListTheirChildrenDirectly() {
        let h = Harness()
        let direct = h.run("hflip(p=0.5) | oneof(gamma(80, 120), contrast(0.2), p=0.3)")
        let listed = h.run("hflip(p=0.5) | oneof([gamma([80, 120]), contrast(limit=0.2)], p=0.3)")
        #expect(direct == listed)
        #expect(direct == "hflip(p=0.5) | oneof(gamma(gamma_limit=[80, 120], p=0.5), contrast(limit=0.2, p=0.5), p=0.3)")
        #expect(h.run("someof(hflip(), vflip(), n=1)") == "someof(hflip(p=0.5), vflip(p=0.5), n=1, p=1)")
    }

    @Test func aRangeIsTwoNumbersOrAList() {
        let h = Harness()
        #expect(h.run("gamma(70, 130)") == h.run("gamma([70, 130])"))
        #expect(h.fail("gamma(90)").contains("needs a range"))
        #expect(h.fail("oneof(gamma(), 3)").contains("transforms"))
    }
}
