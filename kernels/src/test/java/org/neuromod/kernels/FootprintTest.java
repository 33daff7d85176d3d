// The up-front size check: sizes in long, a buffer over the array limit or a total over the memory limit refused
// with one message naming it and a population that fits, and that population really fitting.
package org.neuromod.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FootprintTest {
    private static final StepPlan WIDE = Plans.mlp(64, Activation.RELU, UpdateRules.MOMENTUM, 784, 1024, 1024, 10);
    private static final StepPlan SMALL = Plans.mlp(64, Activation.RELU, UpdateRules.MOMENTUM, 784, 128, 10);

    @Test
    void sizesAreLongAndMatchTheShape() {
        Footprint footprint = Footprint.of(WIDE, 2000);
        long ppn = 784L * 1024 + 1024 + 1024L * 1024 + 1024 + 1024L * 10 + 10;
        assertEquals("params", footprint.largest().name().substring(0, 6));
        assertEquals(2000 * ppn, footprint.buffers().getFirst().elements());
        assertTrue(footprint.bytes() > 4L * 2000 * ppn * 4, "params, grads, velocity and host copies");
    }

    @Test
    void aBufferOverTheArrayLimitIsRefusedNamingItAndAPopulationThatFits() {
        UserException e = assertThrows(UserException.class, () -> Footprint.check(WIDE, 2000, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("'params'") && e.getMessage().contains("3,727,380,000")
                && e.getMessage().contains("2,147,483,647"), e.getMessage());
        long fit = Footprint.largestPopulation(WIDE, Long.MAX_VALUE);
        assertTrue(e.getMessage().contains("at most " + fit + " fits"), e.getMessage());
        assertDoesNotThrow(() -> Footprint.check(WIDE, (int) fit, Long.MAX_VALUE));
        assertThrows(UserException.class, () -> Footprint.check(WIDE, (int) fit + 1, Long.MAX_VALUE));
    }

    @Test
    void aPopulationJustOverTheMemoryLimitIsRefusedAndTheSuggestedOneFits() {
        long available = 1L << 30;
        long fit = Footprint.largestPopulation(SMALL, available);
        assertTrue(fit > 1 && Footprint.of(SMALL, fit).bytes() <= available
                && Footprint.of(SMALL, fit + 1).bytes() > available, "largest population " + fit);
        UserException e = assertThrows(UserException.class, () -> Footprint.check(SMALL, (int) fit + 1, available));
        assertTrue(e.getMessage().contains("1.0 GiB") && e.getMessage().contains("at most " + fit + " fits"),
                e.getMessage());
        assertDoesNotThrow(() -> Footprint.check(SMALL, (int) fit, available));
    }

    @Test
    void whenNotEvenOneNetworkFitsTheMessageSaysSo() {
        UserException e = assertThrows(UserException.class, () -> Footprint.check(SMALL, 1, 1000));
        assertTrue(e.getMessage().contains("not even one network fits"), e.getMessage());
    }

    @Test
    void onADeviceTheDataSetsAreCountedOnceWhateverThePopulation() {
        LabeledData train = new LabeledData(new float[1000 * 784], new int[1000], 1000, 784);
        LabeledData test = new LabeledData(new float[200 * 784], new int[200], 200, 784);
        java.util.Map<Split, LabeledData> splits = java.util.Map.of(Split.TRAIN, train, Split.TEST, test);
        long data = 4L * (1000 + 200) * 785;
        Footprint one = Footprint.onDevice(SMALL, 1, splits);
        Footprint two = Footprint.onDevice(SMALL, 2, splits);
        Footprint hostOne = Footprint.of(SMALL, 1);
        assertEquals(data, 2 * one.bytes() - two.bytes(), "the fixed part is the data sets");
        assertTrue(one.buffers().stream().noneMatch(b -> b.name().startsWith("host copy")), "no host copies");
        assertTrue(one.bytes() - data < hostOne.bytes(), "a device holds less per network than the host");
        long available = 1L << 28;
        UserException e = assertThrows(Footprint.TooLarge.class, () -> Footprint.check(SMALL, 1000,
                p -> Footprint.onDevice(SMALL, p, splits), Footprint.Memory.device("a test device", available)));
        long fit = ((Footprint.TooLarge) e).fits();
        assertTrue(Footprint.onDevice(SMALL, fit, splits).bytes() <= available
                && Footprint.onDevice(SMALL, fit + 1, splits).bytes() > available, "largest population " + fit);
        assertTrue(e.getMessage().contains("of global memory of a test device")
                && e.getMessage().contains("at most " + fit + " fits"), e.getMessage());
    }
}
