using OliMove.Edge.Cli;

return await EdgeCommandLine.Build().Parse(args).InvokeAsync();

// WebApplicationFactory<Program> in tests needs a named entry type.
public partial class Program;
