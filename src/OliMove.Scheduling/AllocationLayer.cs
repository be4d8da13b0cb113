namespace OliMove.Scheduling;

/// <summary>
/// One layer of the allocator's plan. Each works on the capacity the layers before it left, so their order is the
/// method: <see cref="SlotAllocator.Layers"/> is the order the product runs (docs/decisions/0031); another order
/// (or a subset) is there to measure what each layer is worth, not to plan a site with.
/// </summary>
public enum AllocationLayer
{
    /// <summary>Accepted requests on guaranteed capacity only, latest slots first: its slot-0 part is the must-run power.</summary>
    GuaranteeWitness,

    /// <summary>Sessions that are not opted in (or are past their declared departure) as soon as possible, in arrival order.</summary>
    ServeNonParticipants,

    /// <summary>The opted-in need not yet planned, by a max-flow on guaranteed + PV surplus, PV-surplus slots first.</summary>
    FillBestEffort,

    /// <summary>Slot by slot, opted-in sessions in least-laxity order move their own later energy into free capacity now.</summary>
    PullForwardByLaxity,
}
