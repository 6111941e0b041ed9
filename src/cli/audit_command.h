// audit_command.h — `referral audit LEDGER.jsonl|- [--format json|csv|html] [--today YYYY-MM-DD]`.
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"

// Streams the ledger line by line (bounded memory): per matter, each owed step with due, done and
// status; then the summary per town and department. Exit 0, or 2 when a line was bad (its error is
// reported in place, with its line number, and the other lines are still audited); 1 on wrong usage.
int audit_command(const referral::Engine& engine, const std::vector<std::string>& rest);
