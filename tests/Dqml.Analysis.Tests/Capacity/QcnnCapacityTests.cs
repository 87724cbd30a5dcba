using Dqml.Analysis.Capacity;
using Dqml.Learning.Models;

namespace Dqml.Analysis.Tests.Capacity;

/// <summary>The seed's capacity claims, measured.</summary>
public class QcnnCapacityTests
{
    [Fact]
    public void AbsorbedControl_InsideAProcessorAddsNoRank_AcrossProcessorsAddsRank()
    {
        var r = QcnnCapacity.AbsorbedControl(inputs: 60, seed: 3);

        // Inside: SU(4) reaches every two-qubit unitary, so its 15 directions already contain the CRX's.
        Assert.Equal(r.InsideWithout, r.InsideWith);

        // Across: local unitaries give product maps only; a control between processors cannot be absorbed
        // and adds capacity (here more than the one new parameter: after the CRX the target's last local
        // phase, invisible to a Z readout before, becomes visible). A classical control (measure, then a
        // conditioned rotation) gives the same readout distribution as the quantum one when the measured
        // qubit is not touched again (deferred measurement), so the same rank.
        Assert.True(r.AcrossQuantum > r.AcrossWithout, $"CRX across processors: rank {r.AcrossQuantum}, without {r.AcrossWithout}");
        Assert.Equal(r.AcrossQuantum, r.AcrossClassical);

        // Two independent one-qubit distributions seen through Z: U3's last RZ is invisible, 2 directions per qubit.
        Assert.Equal(4, r.AcrossWithout);
        Assert.True(r.InsideWithout > r.AcrossQuantum);
    }

    [Fact]
    public void Compare_ShallowQcnn_QuantumContainsNoCommunication_AndClassicalIsMeasured()
    {
        var options = new CapacityOptions { ParameterSamples = 2, Inputs = 20, Threads = 2, Seed = 5 };
        // L = 2: the measured boundary qubit goes on evolving (at L = 1 it is only a control afterwards, and deferrable).
        var points = QcnnCapacity.Compare(["nc", "cc", "qc"], [2], options);
        Assert.Equal(3, points.Count);
        var (nc, cc, qc) = (points[0], points[1], points[2]);
        Assert.Equal(OutcomeJacobianMethod.PureState, nc.Method);
        Assert.Equal(OutcomeJacobianMethod.DensityMatrix, cc.Method);

        // QC with its cross-processor rotations at 0 is NC, so its generic Fisher rank is at least NC's.
        Assert.True(nc.Result.MaxFisherRank <= qc.Result.MaxFisherRank, $"NC rank {nc.Result.MaxFisherRank} should be at most QC {qc.Result.MaxFisherRank}");
        foreach (var p in points)
        {
            Assert.True(p.Result.MaxFisherRank <= p.ParameterCount);
            Assert.True(p.Result.MaxFisherRank > p.ParameterCount / 2, $"{p.Label}: rank {p.Result.MaxFisherRank} of {p.ParameterCount}");
        }

        // True-LOCC classical communication dephases the measured boundary qubit, which goes on evolving: the
        // family does not contain NC (the conditioned rotations at 0 still leave the dephasing).
        Assert.InRange(cc.Result.MaxFisherRank, 1, cc.ParameterCount);
    }
}
