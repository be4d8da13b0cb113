namespace OliMove.Edge.Api.Views;

/// <summary>A non-charging load as the site map declares it: what is kept free for it (Reserved or Metered worst case).</summary>
public sealed record OtherLoadView(string Id, string CircuitId, string Kind, double PowerW);
