namespace OliMove.Edge.Users;

/// <summary>
/// POST /me/wallet/keystore. The account password re-authenticates the driver (a bearer token alone never
/// exports a private key); the keystore is encrypted under <see cref="Password"/>, or under the account password
/// when that is not given.
/// </summary>
public sealed record KeystoreExportBody
{
    public string? AccountPassword { get; init; }

    public string? Password { get; init; }
}
