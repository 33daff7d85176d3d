// Vector forms of Activation.exp, tanh and sigmoid: the very same IEEE operations in the same order on each
// lane, so a lane gives exactly the bits the scalar definition gives, in any JIT tier and at any width.
package org.neuromod.kernels.jvm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import org.neuromod.kernels.Activation;

import static org.neuromod.kernels.jvm.Gemm.F;

final class VectorMath {
    private VectorMath() {
    }

    static FloatVector exp(FloatVector x) {
        FloatVector c = x.min(Activation.EXP_LIMIT).max(-Activation.EXP_LIMIT);
        FloatVector k = c.mul(Activation.LOG2E).add(Activation.ROUNDER).sub(Activation.ROUNDER);
        FloatVector r = k.neg().fma(FloatVector.broadcast(F, Activation.LN2_HI), c);
        r = k.neg().fma(FloatVector.broadcast(F, Activation.LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, Activation.EXP_TAYLOR[0]);
        for (int i = 1; i < Activation.EXP_TAYLOR.length; i++) {
            p = p.fma(r, FloatVector.broadcast(F, Activation.EXP_TAYLOR[i]));
        }
        IntVector ki = (IntVector) k.convert(VectorOperators.F2I, 0);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs().min(Activation.TANH_LIMIT);
        FloatVector a2 = a.mul(a);
        FloatVector p = FloatVector.broadcast(F, Activation.TANH_TAYLOR[0]);
        for (int i = 1; i < Activation.TANH_TAYLOR.length; i++) {
            p = p.fma(a2, FloatVector.broadcast(F, Activation.TANH_TAYLOR[i]));
        }
        FloatVector small = a.mul(a2).fma(p, a);
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector large = one.sub(FloatVector.broadcast(F, 2f).div(exp(a.mul(2f)).add(one)));
        VectorMask<Float> isSmall = a.compare(VectorOperators.LT, Activation.TANH_SMALL);
        FloatVector t = large.blend(small, isSmall);
        return t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        return one.div(one.add(exp(x.neg())));
    }
}
