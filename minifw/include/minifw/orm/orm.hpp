#pragma once
/// @file
/// The whole ORM of stage 07 in one include.

#include "minifw/orm/condition.hpp"
#include "minifw/orm/connections.hpp"
#include "minifw/orm/database.hpp"
#include "minifw/orm/migrations.hpp"
#include "minifw/orm/model.hpp"
#include "minifw/orm/query.hpp"
#include "minifw/orm/relations.hpp"
#include "minifw/orm/transaction.hpp"
#include "minifw/orm/value.hpp"
