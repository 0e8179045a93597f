package io.skillforge.server.http;

/** The form a browser gets instead of a 401 problem: it asks for the server's token. */
final class LoginPage {
  static final String HTML = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Skillforge: sign in</title>
      <style>
        body { font: 15px/1.5 system-ui, sans-serif; max-width: 28em; margin: 4em auto; color: #222; }
        input { font: inherit; padding: .3em .5em; width: 100%; box-sizing: border-box; margin: .4em 0 .8em; }
        button { font: inherit; padding: .3em 1.2em; }
        .error { color: #b00020; }
      </style>
      </head>
      <body>
      <h1>Skillforge</h1>
      <p>This server needs its token (the one given with <code>--token</code> or
      <code>SKILLFORGE_SERVER_TOKEN</code>).</p>
      <!--message-->
      <form method="post" action="/login">
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
        <button type="submit">Sign in</button>
      </form>
      </body>
      </html>
      """;

  private LoginPage() {}
}
