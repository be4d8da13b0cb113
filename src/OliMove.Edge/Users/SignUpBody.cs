namespace OliMove.Edge.Users;

/// <summary>POST /me/sign-up. The idTag is the user's RFID card (or app tag) as the charge point reports it.</summary>
public sealed record SignUpBody
{
    public required string Login { get; init; }

    public required string Password { get; init; }

    public required string IdTag { get; init; }

    public string? DisplayName { get; init; }
}
