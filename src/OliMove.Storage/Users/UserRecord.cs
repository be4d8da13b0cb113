namespace OliMove.Storage;

/// <param name="PasswordHash">As the caller hashed it; never a password.</param>
/// <param name="KeystoreJson">The eWallet's Web3 Secret Storage keystore (encrypted by the caller).</param>
public sealed record UserRecord(
    long Id,
    string Login,
    string DisplayName,
    string? PasswordHash,
    string? WalletAddress,
    string? KeystoreJson,
    DateTimeOffset CreatedAt);
