// The Express peer: one process per core (cluster).
//   node express_server.js --port N --workers N --db PATH
'use strict';

const express = require('express');
const { run, randomId, queriesCount, fortunesPage } = require('./common');

run((db) => {
  const app = express();
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.use((req, res, next) => { res.set('Server', 'express'); next(); });
  app.get('/plaintext', (req, res) => res.type('text/plain').send('Hello, World!'));
  app.get('/json', (req, res) => res.json({ message: 'Hello, World!' }));
  app.get('/db', (req, res) => res.json(db.world(randomId())));
  app.get('/queries', (req, res) => res.json(db.worlds(queriesCount(req.query.queries))));
  app.get('/updates', (req, res) => {
    const rows = db.worlds(queriesCount(req.query.queries));
    for (const row of rows) row.randomNumber = randomId();
    db.update(rows);
    res.json(rows);
  });
  app.get('/fortunes', (req, res) => res.type('html').send(fortunesPage(db.fortunes())));
  return app;
});
