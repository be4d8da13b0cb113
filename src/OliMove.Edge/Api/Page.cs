namespace OliMove.Edge.Api;

/// <summary>One page of a list: its items, where it starts, its size and how many there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit, long Total);
