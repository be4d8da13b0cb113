namespace OliMove.Scheduling;

/// <summary>The product's allocator (<see cref="SlotAllocator"/>) as an <see cref="IChargingAlgorithm"/>, with its
/// layers in the product's order unless others are given (to measure what a layer is worth).</summary>
public sealed class LayeredAllocator(IReadOnlyList<AllocationLayer>? layers = null) : IChargingAlgorithm
{
    private readonly IReadOnlyList<AllocationLayer> _layers = layers ?? SlotAllocator.Layers;

    public string Name => ReferenceEquals(_layers, SlotAllocator.Layers) ? "allocator" : "allocator (" + string.Join(", ", _layers) + ")";

    public GroupPlan Plan(GroupSnapshot snapshot) => SlotAllocator.Plan(snapshot, _layers);
}
