using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// A bare Kestrel endpoint: every request (any method, any path) reads its body and gets the same small JSON answer,
// with the headers an awsJson1_0 answer carries. Usage: Cosell.Bench.Baseline --urls http://127.0.0.1:PORT
var urls = "http://127.0.0.1:5080";
for (var i = 0; i + 1 < args.Length; i++)
{
    if (args[i] == "--urls")
    {
        urls = args[i + 1];
    }
}

var body = Encoding.UTF8.GetBytes("{\"Id\":\"engi-0a1b2c3d4e5f6\",\"Arn\":\"arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/engi-0a1b2c3d4e5f6\"}");
// As Cosell does: no appsettings reload, so no file watcher on the working directory tree.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
builder.WebHost.UseUrls(urls);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
var app = builder.Build();
app.Run(async http =>
{
    // Drain the request body as a real endpoint would read it.
    var reader = http.Request.BodyReader;
    while (true)
    {
        var read = await reader.ReadAsync(http.RequestAborted);
        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }
    var response = http.Response;
    response.StatusCode = 200;
    response.ContentType = "application/x-amz-json-1.0";
    response.ContentLength = body.Length;
    await response.Body.WriteAsync(body, http.RequestAborted);
});
await app.RunAsync();
