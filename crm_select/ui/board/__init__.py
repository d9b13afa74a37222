"""The facilitator board's parts: round controls, live view, disagreement list, raters and
join links, departments' weighting sets, finishing the decision. Each ``show(board)`` draws
one tab; ``views/committee_board.py`` lays them out."""
