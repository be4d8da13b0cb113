namespace OliMove.Storage;

public sealed class LoginTakenException : Exception
{
    public LoginTakenException(string login)
        : base($"A user with login '{login}' already exists.")
    {
        Login = login;
    }

    public string Login { get; }
}
