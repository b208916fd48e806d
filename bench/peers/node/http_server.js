// The Node peer on the http module alone: one process per core (cluster).
//   node http_server.js --port N --workers N --db PATH
'use strict';

const http = require('node:http');
const { run, randomId, queriesCount, fortunesPage } = require('./common');

function send(res, type, body) {
  res.writeHead(200, { Server: 'node', 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

run((db) => http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const queries = () => queriesCount(url.searchParams.get('queries'));
  switch (url.pathname) {
    case '/plaintext': return send(res, 'text/plain', 'Hello, World!');
    case '/json': return send(res, 'application/json', JSON.stringify({ message: 'Hello, World!' }));
    case '/db': return send(res, 'application/json', JSON.stringify(db.world(randomId())));
    case '/queries': return send(res, 'application/json', JSON.stringify(db.worlds(queries())));
    case '/updates': {
      const rows = db.worlds(queries());
      for (const row of rows) row.randomNumber = randomId();
      db.update(rows);
      return send(res, 'application/json', JSON.stringify(rows));
    }
    case '/fortunes': return send(res, 'text/html; charset=utf-8', fortunesPage(db.fortunes()));
    default:
      res.writeHead(404, { Server: 'node', 'Content-Type': 'text/plain', 'Content-Length': 9 });
      return res.end('Not Found');
  }
}));
