// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title The flexibility token: minted only by the ChargingSettlement contract that created it.
contract FlexToken is ERC20 {
    error NotMinter(address caller);

    /// @notice Fixed at construction: the settlement contract deploys its own token, so no key, role or
    /// admin can ever mint outside a settlement.
    address public immutable minter;

    constructor() ERC20("OliMove Flexibility Token", "OMFLEX") {
        minter = msg.sender;
    }

    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _mint(to, amount);
    }
}
