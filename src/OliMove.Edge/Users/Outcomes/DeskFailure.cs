namespace OliMove.Edge.Users.Outcomes;

/// <summary>
/// Why a desk operation did not happen, as one sentence the user can act on. The kinds are closed: invalid
/// input, not found, a conflict with the current state, a refusal by admission, rejected credentials.
/// </summary>
public abstract record DeskFailure(string Message);
