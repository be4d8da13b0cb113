namespace OliMove.Edge.Users;

/// <summary>POST /me/sign-in.</summary>
public sealed record SignInBody
{
    public required string Login { get; init; }

    public required string Password { get; init; }
}
