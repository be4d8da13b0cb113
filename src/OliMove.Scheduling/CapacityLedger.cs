namespace OliMove.Scheduling;

/// <summary>
/// Capacity and planned load of every circuit per slot, in total and per phase where phases are modelled.
/// Phase loads are kept three times over (a 1-phase session of P adds 3P to its phase, a 3-phase one adds P to
/// each) so that a balanced 3-phase load stays an exact integer.
/// </summary>
internal sealed class CapacityLedger
{
    private readonly GroupModel _model;
    private readonly int _h;
    private readonly long[] _cap;
    private readonly long[] _load;
    private readonly long[]?[] _cap3;
    private readonly long[]?[] _load3;

    public CapacityLedger(GroupModel model, bool includeSurplus)
    {
        _model = model;
        _h = model.Horizon;
        int c = model.Circuits.Length;
        _cap = new long[c * _h];
        _load = new long[c * _h];
        _cap3 = new long[]?[c];
        _load3 = new long[]?[c];
        for (int i = 0; i < c; i++)
        {
            var circuit = model.Circuits[i];
            for (int t = 0; t < _h; t++)
                _cap[i * _h + t] = circuit.GuaranteedW[t] + (includeSurplus ? circuit.SurplusW[t] : 0);
            if (circuit.PhaseGuaranteedW is { } pg)
            {
                var cap3 = new long[3 * _h];
                for (int k = 0; k < 3; k++)
                {
                    var g = pg.Of(k + 1);
                    var sp = includeSurplus ? circuit.PhaseSurplusW?.Of(k + 1) : null;
                    for (int t = 0; t < _h; t++)
                        cap3[k * _h + t] = 3 * (g[t] + (sp?[t] ?? 0));
                }
                _cap3[i] = cap3;
                _load3[i] = new long[3 * _h];
            }
        }
    }

    public long Load(int circuit, int t) => _load[circuit * _h + t];

    public long Capacity(int circuit, int t) => _cap[circuit * _h + t];

    public bool HasPhases(int circuit) => _cap3[circuit] is not null;

    /// <summary>Free capacity of a circuit's total at slot t.</summary>
    public long TotalRoom(int circuit, int t) => _cap[circuit * _h + t] - _load[circuit * _h + t];

    /// <summary>Free capacity of one phase of a circuit at slot t, in watts (rounded down).</summary>
    public long PhaseRoom(int circuit, int phase, int t)
    {
        var cap3 = _cap3[circuit];
        if (cap3 is null)
            return GroupModel.Unlimited;
        int i = (phase - 1) * _h + t;
        return FloorDiv(cap3[i] - _load3[circuit]![i], 3);
    }

    /// <summary>How much more a 3-phase load may draw on a circuit at slot t as far as its phases go (unlimited without phases).</summary>
    public long ThreePhaseRoom(int circuit, int t)
    {
        var cap3 = _cap3[circuit];
        if (cap3 is null)
            return GroupModel.Unlimited;
        var load3 = _load3[circuit]!;
        long room = long.MaxValue;
        for (int k = 0; k < 3; k++)
            room = Math.Min(room, cap3[k * _h + t] - load3[k * _h + t]);
        return room;
    }

    /// <summary>How many more watts (whole power steps) session s may draw at slot t without breaking any limit on its path.</summary>
    public long Room(int s, int t)
    {
        long room = GroupModel.Unlimited;
        var x = _model.Sessions[s];
        foreach (int c in _model.PathToRoot[_model.SessionCircuit[s]])
        {
            room = Math.Min(room, _cap[c * _h + t] - _load[c * _h + t]);
            var cap3 = _cap3[c];
            if (cap3 is null)
                continue;
            var load3 = _load3[c]!;
            if (x.Phases == 1)
            {
                int i = (x.Phase - 1) * _h + t;
                room = Math.Min(room, FloorDiv(cap3[i] - load3[i], 3));
            }
            else
            {
                for (int k = 0; k < 3; k++)
                    room = Math.Min(room, cap3[k * _h + t] - load3[k * _h + t]);
            }
        }
        // Whole power steps only, so every slot's energy stays a whole Wh.
        return Math.Max(0, room) / _model.PowerStepW * _model.PowerStepW;
    }

    /// <summary>Adds (or with a negative value removes) session s's power at slot t along its path.</summary>
    public void Add(int s, int t, long watts)
    {
        if (watts == 0)
            return;
        var x = _model.Sessions[s];
        foreach (int c in _model.PathToRoot[_model.SessionCircuit[s]])
        {
            _load[c * _h + t] += watts;
            var load3 = _load3[c];
            if (load3 is null)
                continue;
            if (x.Phases == 1)
                load3[(x.Phase - 1) * _h + t] += 3 * watts;
            else
            {
                for (int k = 0; k < 3; k++)
                    load3[k * _h + t] += watts;
            }
        }
    }

    /// <summary>Books load on one circuit's total alone, for no session: a lower cap held while a layer plans under
    /// it (the demand-charge cap of <see cref="CostAwarePlacement"/>), taken off again before the plan is read.</summary>
    public void AddToCircuit(int circuit, int t, long watts) => _load[circuit * _h + t] += watts;

    /// <summary>True when no circuit, total or phase, is loaded above its capacity at slot t.</summary>
    public bool FitsAt(int t)
    {
        for (int c = 0; c < _model.Circuits.Length; c++)
        {
            if (_load[c * _h + t] > _cap[c * _h + t])
                return false;
            var cap3 = _cap3[c];
            if (cap3 is null)
                continue;
            for (int k = 0; k < 3; k++)
            {
                if (_load3[c]![k * _h + t] > cap3[k * _h + t])
                    return false;
            }
        }
        return true;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
