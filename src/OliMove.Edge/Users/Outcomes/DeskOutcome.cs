using System.Diagnostics.CodeAnalysis;

namespace OliMove.Edge.Users.Outcomes;

/// <summary>
/// What a user-facing domain service (the request desk, the accounts) answers: the value, or why not as a typed
/// <see cref="DeskFailure"/>. The services know nothing of HTTP; the API maps a failure to its status code and
/// body in one place (Api/DeskOutcomeResults), so the same failure always gets the same answer.
/// </summary>
public sealed class DeskOutcome<T>
    where T : notnull
{
    private readonly T? _value;

    private DeskOutcome(T? value, DeskFailure? failure)
    {
        _value = value;
        Failure = failure;
    }

    /// <summary>Why the operation did not happen; null when it did. A failed operation changed nothing.</summary>
    public DeskFailure? Failure { get; }

    public bool Succeeded => Failure is null;

    /// <summary>The value of a successful operation; asking a failed one is a programming error.</summary>
    public T Value => Failure is null ? _value! : throw new InvalidOperationException($"the operation failed: {Failure.Message}");

    public static implicit operator DeskOutcome<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static implicit operator DeskOutcome<T>(DeskFailure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));

    public bool TryGetValue([MaybeNullWhen(false)] out T result, [NotNullWhen(false)] out DeskFailure? failure)
    {
        result = _value;
        failure = Failure;
        return failure is null;
    }
}
