namespace OliMove.Edge.Configuration;

public sealed class SlotOptions
{
    /// <summary>Planning horizon in 15-minute slots (96 = 24 h).</summary>
    public int HorizonSlots { get; set; } = 96;

    /// <summary>Re-plan a group when measured power leaves the plan by more than this, in W.</summary>
    public long DeviationThresholdW { get; set; } = 1500;
}
