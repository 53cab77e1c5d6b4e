import Testing

@testable import Calls

/// The attempts' CSeq numbers, two inline and the rest in an array, must
/// read as the array they replace did: each number once, any order.
@Suite struct CSeqNumbersTests {
    @Test func readsAsASetOfNumbers() {
        var numbers = CSeqNumbers()
        #expect(numbers.isEmpty)
        #expect(numbers.max == nil)
        #expect(!numbers.contains(0))
        numbers.insert(7)
        numbers.insert(7)
        #expect(!numbers.isEmpty && numbers.contains(7) && !numbers.contains(0))
        #expect(numbers.max == 7)
        numbers.insert(3)
        #expect(numbers.contains(3) && numbers.contains(7) && numbers.max == 7)
        // Past the inline two.
        for n: UInt32 in [9, 3, 1, 9, UInt32.max, 0] { numbers.insert(n) }
        for n: UInt32 in [0, 1, 3, 7, 9, UInt32.max] { #expect(numbers.contains(n)) }
        #expect(!numbers.contains(2) && !numbers.contains(8))
        #expect(numbers.max == UInt32.max)
    }

    @Test func zeroIsANumberLikeAnyOther() {
        var numbers = CSeqNumbers()
        numbers.insert(0)
        #expect(numbers.contains(0) && numbers.max == 0 && !numbers.isEmpty)
    }
}
