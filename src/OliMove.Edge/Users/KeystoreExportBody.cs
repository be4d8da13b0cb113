namespace OliMove.Edge.Users;

/// <summary>POST /me/wallet/keystore: the password the exported keystore is encrypted with (the user's own).</summary>
public sealed record KeystoreExportBody
{
    public required string Password { get; init; }
}
