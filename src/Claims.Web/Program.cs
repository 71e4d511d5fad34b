using Claims.Web.Startup;

var builder = WebApplication.CreateBuilder(args);
builder.AddClaims();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseClaims();
await app.RunAsync();

/// <summary>The web host's entry point (public so WebApplicationFactory can find it).</summary>
public partial class Program;
