namespace OliMove.Edge.Api;

/// <summary>The body of every error answer: one sentence a person can act on.</summary>
public sealed record ApiError(string Error);
